//
// driver.c - ObGuard entry, unload and the control device
//
#include "obguard.h"

OBG_GLOBALS g_Obg;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     ObgUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH   ObgCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH   ObgDeviceControl;

static NTSTATUS ObgComplete(_In_ PIRP Irp, _In_ NTSTATUS Status, _In_ ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS ObgCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return ObgComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS ObgDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG inLen  = stack->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    ULONG pid;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_OBG_PROTECT:
    case IOCTL_OBG_UNPROTECT:
        if (inLen < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        pid = *(PULONG)buffer;
        if (pid == 0 || pid == 4) {
            status = STATUS_INVALID_PARAMETER;      // idle / System, no thanks
            break;
        }
        if (stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_OBG_PROTECT) {
            status = ObgAddPid(ULongToHandle(pid));
        } else {
            status = ObgRemovePid(ULongToHandle(pid));
        }
        OBG_LOG("%s pid %lu -> %08X\n",
                stack->Parameters.DeviceIoControl.IoControlCode == IOCTL_OBG_PROTECT ? "protect" : "unprotect",
                pid, status);
        break;

    case IOCTL_OBG_CLEAR:
        ObgClearPids();
        status = STATUS_SUCCESS;
        break;

    case IOCTL_OBG_STATS:
        if (outLen < sizeof(OBG_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ((POBG_STATS)buffer)->ProtectedCount = ObgPidCount();
        ((POBG_STATS)buffer)->ProcessStrips  = g_Obg.ProcessStrips;
        ((POBG_STATS)buffer)->ThreadStrips   = g_Obg.ThreadStrips;
        info = sizeof(OBG_STATS);
        status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    return ObgComplete(Irp, status, info);
}

VOID ObgUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName;

    UNREFERENCED_PARAMETER(DriverObject);

    RtlInitUnicodeString(&linkName, OBG_LINK_NAME);
    IoDeleteSymbolicLink(&linkName);

    // callbacks go first, they read the table
    ObgUnregisterObCallbacks();
    ObgFreePidTable();

    if (g_Obg.DeviceObject != NULL) {
        IoDeleteDevice(g_Obg.DeviceObject);
    }

    OBG_LOG("unloaded (%ld process / %ld thread handles trimmed)\n",
            g_Obg.ProcessStrips, g_Obg.ThreadStrips);
}

NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NTSTATUS status;
    UNICODE_STRING devName;
    UNICODE_STRING linkName;

    UNREFERENCED_PARAMETER(RegistryPath);

    OBG_LOG("loading, built " __DATE__ " " __TIME__ "\n");

    RtlZeroMemory(&g_Obg, sizeof(g_Obg));
    RtlInitUnicodeString(&devName, OBG_DEVICE_NAME);
    RtlInitUnicodeString(&linkName, OBG_LINK_NAME);

    DriverObject->DriverUnload                         = ObgUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE]         = ObgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = ObgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ObgDeviceControl;

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Obg.DeviceObject);
    if (!NT_SUCCESS(status)) {
        OBG_ERR("IoCreateDevice failed %08X\n", status);
        return status;
    }

    // the table has to exist before the callbacks can look at it
    if (!ObgInitPidTable()) {
        OBG_ERR("no memory for pid table\n");
        IoDeleteDevice(g_Obg.DeviceObject);
        return status;
    }

    status = ObgRegisterObCallbacks();
    if (!NT_SUCCESS(status)) {
        OBG_ERR("ObRegisterCallbacks failed %08X (linked with /INTEGRITYCHECK?)\n", status);
        ObgFreePidTable();
        IoDeleteDevice(g_Obg.DeviceObject);
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        OBG_ERR("IoCreateSymbolicLink failed %08X\n", status);
        ObgFreePidTable();
        IoDeleteDevice(g_Obg.DeviceObject);
        return status;
    }

#if 0
    // old approach: protect the launcher automatically. Launcher now sends
    // IOCTL_OBG_PROTECT itself, kept for reference.
    ObgAddPid(PsGetCurrentProcessId());
#endif

    g_Obg.DeviceObject->Flags |= DO_BUFFERED_IO;
    g_Obg.DeviceObject->Flags &= ~DO_DEVICE_INITIALIZING;

    OBG_LOG("ready\n");
    return STATUS_SUCCESS;
}
