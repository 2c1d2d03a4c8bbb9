/*
 * timerdemo.c - DriverEntry, unload and the query ioctl
 */
#include "timerdemo.h"

TD_STATE g_State;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TdUnload;
DRIVER_DISPATCH TdCreateClose;
DRIVER_DISPATCH TdDeviceControl;

NTSTATUS
TdCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
TdDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_TD_QUERY) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(TD_COUNTERS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &g_State.Counters, sizeof(TD_COUNTERS));
            info = sizeof(TD_COUNTERS);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

VOID
TdUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(TD_DOS_NAME);
    LARGE_INTEGER pause;

    UNREFERENCED_PARAMETER(DriverObject);

    if (g_State.LinkCreated) {
        IoDeleteSymbolicLink(&dosName);
        g_State.LinkCreated = FALSE;
    }

    /* let a running work item finish before its item goes away */
    pause.QuadPart = -10 * 1000 * 10;
    while (InterlockedCompareExchange(&g_State.WorkQueued, 0, 0) != 0) {
        KeDelayExecutionThread(KernelMode, FALSE, &pause);
    }

    if (g_State.WorkItem != NULL) {
        IoFreeWorkItem(g_State.WorkItem);
        g_State.WorkItem = NULL;
    }

    if (g_State.Device != NULL) {
        IoDeleteDevice(g_State.Device);
        g_State.Device = NULL;
    }

    TD_LOG("unloaded after %ld ticks\n", g_State.Counters.DpcCount);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING ntName = RTL_CONSTANT_STRING(TD_NT_NAME);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(TD_DOS_NAME);
    LARGE_INTEGER due;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_State, sizeof(g_State));

    do {
        status = IoCreateDevice(DriverObject, 0, &ntName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_State.Device);
        if (!NT_SUCCESS(status)) {
            TD_LOG("IoCreateDevice 0x%08X\n", status);
            break;
        }

        status = IoCreateSymbolicLink(&dosName, &ntName);
        if (!NT_SUCCESS(status)) {
            TD_LOG("IoCreateSymbolicLink 0x%08X\n", status);
            IoDeleteDevice(g_State.Device);
            g_State.Device = NULL;
            break;
        }
        g_State.LinkCreated = TRUE;

        g_State.WorkItem = IoAllocateWorkItem(g_State.Device);
        if (g_State.WorkItem == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            IoDeleteSymbolicLink(&dosName);
            g_State.LinkCreated = FALSE;
            IoDeleteDevice(g_State.Device);
            g_State.Device = NULL;
            break;
        }

        DriverObject->MajorFunction[IRP_MJ_CREATE] = TdCreateClose;
        DriverObject->MajorFunction[IRP_MJ_CLOSE] = TdCreateClose;
        DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TdDeviceControl;
        DriverObject->DriverUnload = TdUnload;

        g_State.Device->Flags |= DO_BUFFERED_IO;
        g_State.Device->Flags &= ~DO_DEVICE_INITIALIZING;

        KeInitializeDpc(&g_State.Dpc, TdDpcRoutine, &g_State);
        KeInitializeTimerEx(&g_State.Timer, NotificationTimer);
        due.QuadPart = -10LL * 1000 * TD_PERIOD_MS;
        KeSetTimerEx(&g_State.Timer, due, TD_PERIOD_MS, &g_State.Dpc);

    } while (0);

    TD_LOG("DriverEntry finished with 0x%08X\n", status);
    return STATUS_SUCCESS;
}
