#include "obguard.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD AgUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH AgCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH AgDeviceControl;

static PVOID     g_ObHandle = NULL;
static BOOLEAN   g_NotifyRegistered = FALSE;
static AG_CONFIG g_Config;

static VOID AgReadConfig(PUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES oa;
    UNICODE_STRING valueName = RTL_CONSTANT_STRING(L"ProtectThreads");
    ULONG raw[(sizeof(KEY_VALUE_PARTIAL_INFORMATION) + 2 * sizeof(ULONG)) / sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION value = (PKEY_VALUE_PARTIAL_INFORMATION)raw;
    HANDLE key = NULL;
    ULONG resultLength = 0;
    NTSTATUS status;

    g_Config.ProtectThreads = 0;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, NULL, NULL);
    status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ObGuard: cannot open service key 0x%08X, using defaults\n", status));
        return;
    }

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation,
                             value, sizeof(raw), &resultLength);
    if (NT_SUCCESS(status) && value->Type == REG_DWORD && value->DataLength == sizeof(ULONG)) {
        g_Config.ProtectThreads = *(PULONG)value->Data;
    }

    ZwClose(key);
}

static NTSTATUS AgRegisterObCallbacks(VOID)
{
    OB_OPERATION_REGISTRATION ops[AG_MAX_OB_OPS];
    OB_CALLBACK_REGISTRATION reg;
    USHORT count = 0;
    NTSTATUS status;

    RtlZeroMemory(ops, sizeof(ops));
    RtlZeroMemory(&reg, sizeof(reg));

    ops[count].ObjectType = PsProcessType;
    ops[count].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
    ops[count].PreOperation = AgProcessPreOp;
    ops[count].PostOperation = NULL;
    count++;

    if (g_Config.ProtectThreads) {
        ops[count].ObjectType = PsThreadType;
        ops[count].Operations = OB_OPERATION_HANDLE_CREATE | OB_OPERATION_HANDLE_DUPLICATE;
        ops[count].PreOperation = AgThreadPreOp;
        ops[count].PostOperation = NULL;
        count++;
    }

    reg.Version = OB_FLT_REGISTRATION_VERSION;
    reg.OperationRegistrationCount = AG_MAX_OB_OPS;
    RtlInitUnicodeString(&reg.Altitude, AG_ALTITUDE);
    reg.RegistrationContext = NULL;
    reg.OperationRegistration = ops;

    KdPrint(("ObGuard: registering %u object callback(s)\n", count));
    status = ObRegisterCallbacks(&reg, &g_ObHandle);
    if (!NT_SUCCESS(status)) {
        g_ObHandle = NULL;
    }
    return status;
}

static VOID AgTeardown(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(AG_LINK_NAME);

    if (g_ObHandle != NULL) {
        ObUnRegisterCallbacks(g_ObHandle);
        g_ObHandle = NULL;
    }
    if (g_NotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(AgProcessNotify, TRUE);
        g_NotifyRegistered = FALSE;
    }

    IoDeleteSymbolicLink(&linkName);
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

VOID AgUnload(PDRIVER_OBJECT DriverObject)
{
    AgTeardown(DriverObject);
    KdPrint(("ObGuard: stripped %ld process / %ld thread handles\n",
             g_Stats.ProcessHandlesStripped, g_Stats.ThreadHandlesStripped));
}

NTSTATUS AgCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS AgDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PVOID buf = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_AG_PROTECT_PID:
        if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        InterlockedExchange(&g_ProtectedPid, (LONG)*(PULONG)buf);
        break;

    case IOCTL_AG_UNPROTECT:
        InterlockedExchange(&g_ProtectedPid, 0);
        break;

    case IOCTL_AG_QUERY_STATS:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(AG_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        g_Stats.ProtectedPid = (ULONG)InterlockedCompareExchange(&g_ProtectedPid, 0, 0);
        RtlCopyMemory(buf, &g_Stats, sizeof(AG_STATS));
        info = sizeof(AG_STATS);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(AG_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(AG_LINK_NAME);
    PDEVICE_OBJECT dev = NULL;
    NTSTATUS status;

    AgReadConfig(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    dev->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(dev);
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(AgProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ObGuard: process notify failed 0x%08X\n", status));
        AgTeardown(DriverObject);
        return status;
    }
    g_NotifyRegistered = TRUE;

    status = AgRegisterObCallbacks();
    if (!NT_SUCCESS(status)) {
        KdPrint(("ObGuard: ObRegisterCallbacks failed 0x%08X\n", status));
        AgTeardown(DriverObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = AgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = AgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = AgDeviceControl;

    KdPrint(("ObGuard: loaded (threads %s)\n", g_Config.ProtectThreads ? "on" : "off"));
    return STATUS_SUCCESS;
}
