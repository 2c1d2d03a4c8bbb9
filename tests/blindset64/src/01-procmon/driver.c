//
// procmon - tiny process creation/exit monitor
//
// Records every process create/exit into an in-memory queue which the
// user-mode client drains with IOCTL_PROCMON_GET_EVENTS.
//
// Build: link with /INTEGRITYCHECK or PsSetCreateProcessNotifyRoutineEx
// returns STATUS_ACCESS_DENIED.
//
#include "procmon.h"

PM_GLOBALS g_Pm;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PmUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH PmCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL) DRIVER_DISPATCH PmDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PmUnload)
#pragma alloc_text(PAGE, PmCreateClose)
#pragma alloc_text(PAGE, PmDeviceControl)
#endif

static NTSTATUS
PmCompleteIrp(
    _Inout_ PIRP Irp,
    _In_ NTSTATUS Status,
    _In_ ULONG_PTR Information
    )
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
PmCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    return PmCompleteIrp(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
PmDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_PROCMON_GET_EVENTS:
        if (outLen < sizeof(PM_EVENT)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        info = PmQueueDrain(buffer, outLen);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_PROCMON_CLEAR:
        PmQueueFlush();
        status = STATUS_SUCCESS;
        break;

    case IOCTL_PROCMON_GET_STATS:
        if (outLen < sizeof(PM_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        PmQueueGetStats((PPM_STATS)buffer);
        info = sizeof(PM_STATS);
        status = STATUS_SUCCESS;
        break;

    default:
        PMERR("unknown ioctl 0x%08X", stack->Parameters.DeviceIoControl.IoControlCode);
        break;
    }

    return PmCompleteIrp(Irp, status, info);
}

VOID
PmUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNICODE_STRING symLink = RTL_CONSTANT_STRING(PM_SYMLINK_NAME);

    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    PMLOG("unloading");

    if (g_Pm.NotifyRegistered) {
        //
        // Remove=TRUE also waits for in-flight callbacks.
        //
        PsSetCreateProcessNotifyRoutineEx(PmOnProcessNotify, TRUE);
        g_Pm.NotifyRegistered = FALSE;
    }

    IoDeleteSymbolicLink(&symLink);

    if (g_Pm.DeviceObject != NULL) {
        IoDeleteDevice(g_Pm.DeviceObject);
        g_Pm.DeviceObject = NULL;
    }

    PmQueueFlush();

    PMLOG("bye");
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PM_DEVICE_NAME);
    UNICODE_STRING symLink = RTL_CONSTANT_STRING(PM_SYMLINK_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    PMLOG("DriverEntry built %s %s", __DATE__, __TIME__);

    RtlZeroMemory(&g_Pm, sizeof(g_Pm));

    status = IoCreateDevice(DriverObject,
                            0,
                            &devName,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_Pm.DeviceObject);
    if (!NT_SUCCESS(status)) {
        PMERR("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&symLink, &devName);
    if (!NT_SUCCESS(status)) {
        PMERR("IoCreateSymbolicLink failed 0x%08X", status);
        IoDeleteDevice(g_Pm.DeviceObject);
        g_Pm.DeviceObject = NULL;
        return status;
    }

    //
    // Hook process notifications. From here on the queue starts filling up,
    // so the dispatch table must be in place before we return.
    //
    status = PsSetCreateProcessNotifyRoutineEx(PmOnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        PMERR("PsSetCreateProcessNotifyRoutineEx failed 0x%08X (missing /INTEGRITYCHECK?)", status);
        IoDeleteSymbolicLink(&symLink);
        return status;
    }
    g_Pm.NotifyRegistered = TRUE;

    PmQueueInit();

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PmDeviceControl;
    DriverObject->DriverUnload = PmUnload;

    g_Pm.DeviceObject->Flags |= DO_BUFFERED_IO;

    PMLOG("loaded, device %p", g_Pm.DeviceObject);
    return STATUS_SUCCESS;
}
