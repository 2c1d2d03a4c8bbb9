#include "timerdemo.h"

TD_GLOBALS g_Td;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TdUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH TdCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH TdDeviceControl;

NTSTATUS
TdQueryDword(
    _In_ PUNICODE_STRING RegistryPath,
    _In_ PCWSTR Name,
    _Out_ PULONG Value
    )
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    UNICODE_STRING path;
    WCHAR buffer[256];
    NTSTATUS status;

    *Value = 0;

    RtlInitEmptyUnicodeString(&path, buffer, sizeof(buffer));
    status = RtlAppendUnicodeStringToString(&path, RegistryPath);
    if (NT_SUCCESS(status)) {
        status = RtlAppendUnicodeToString(&path, L"\\Parameters");
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_REQUIRED |
                     (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = (PWSTR)Name;
    table[0].EntryContext = Value;

    return RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, path.Buffer, table, NULL, NULL);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(TD_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(TD_LINK_NAME);
    LARGE_INTEGER due;

    RtlZeroMemory(&g_Td, sizeof(g_Td));

    if (!NT_SUCCESS(TdQueryDword(RegistryPath, L"PeriodMs", &g_Td.PeriodMs)) ||
        g_Td.PeriodMs < 10) {
        g_Td.PeriodMs = 1000;
    }

    status = IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Td.Device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Td.Device);
        return status;
    }

    g_Td.WorkItem = IoAllocateWorkItem(g_Td.Device);
    if (g_Td.WorkItem == NULL) {
        IoDeleteSymbolicLink(&linkName);
        IoDeleteDevice(g_Td.Device);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = TdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TdDeviceControl;
    DriverObject->DriverUnload = TdUnload;

    KeInitializeEvent(&g_Td.WorkIdle, NotificationEvent, TRUE);
    KeInitializeDpc(&g_Td.Dpc, TdTimerDpc, &g_Td);
    KeInitializeTimerEx(&g_Td.Timer, NotificationTimer);

    due.QuadPart = -10000LL * g_Td.PeriodMs;
    KeSetTimerEx(&g_Td.Timer, due, (LONG)g_Td.PeriodMs, &g_Td.Dpc);

    /* verbose output is optional */
    status = TdQueryDword(RegistryPath, L"Verbose", &g_Td.Verbose);

    KdPrint(("TimerDemo: period %lu ms, verbose %lu\n", g_Td.PeriodMs, g_Td.Verbose));
    return status;
}

VOID
TdUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(TD_LINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);

    /* a work item may still be queued, it references our device */
    KeWaitForSingleObject(&g_Td.WorkIdle, Executive, KernelMode, FALSE, NULL);

    IoFreeWorkItem(g_Td.WorkItem);
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(g_Td.Device);

    KdPrint(("TimerDemo: %ld ticks, %ld work runs\n", g_Td.Ticks, g_Td.WorkRuns));
}

NTSTATUS
TdCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
TdDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_TD_GET_TICKS) {
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(LONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            *(PLONG)Irp->AssociatedIrp.SystemBuffer = g_Td.Ticks;
            info = sizeof(LONG);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
