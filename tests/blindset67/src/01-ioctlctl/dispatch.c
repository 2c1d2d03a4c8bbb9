/*
 * dispatch.c - IRP handlers for ioctlctl
 */
#include "ioctlctl.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, CtlCreateClose)
#pragma alloc_text(PAGE, CtlDeviceControl)
#endif

static NTSTATUS
CompleteIrp(
    _In_ PIRP      Irp,
    _In_ NTSTATUS  Status,
    _In_ ULONG_PTR Information
    )
{
    Irp->IoStatus.Status      = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
CtlNotSupported(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

NTSTATUS
CtlCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    if (sp->MajorFunction == IRP_MJ_CREATE) {
        InterlockedIncrement(&g_Ctl.Stats.Opens);
    } else {
        InterlockedIncrement(&g_Ctl.Stats.Closes);
    }
    return CompleteIrp(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
CtlDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    PIO_STACK_LOCATION sp     = IoGetCurrentIrpStackLocation(Irp);
    PVOID              buf    = Irp->AssociatedIrp.SystemBuffer;
    ULONG              inLen  = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG              outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    ULONG_PTR          info   = 0;
    NTSTATUS           status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(DeviceObject);
    PAGED_CODE();

    InterlockedIncrement(&g_Ctl.Stats.Ioctls);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_CTL_GET_VERSION:
        if (outLen < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *(PULONG)buf = IOCTLCTL_VERSION;
        info = sizeof(ULONG);
        break;

    case IOCTL_CTL_ECHO:
        if (inLen == 0 || inLen > IOCTLCTL_SCRATCH_SIZE) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        ExAcquireFastMutex(&g_Ctl.ScratchLock);
        RtlCopyMemory(g_Ctl.Scratch, buf, inLen);
        if (outLen >= inLen) {
            RtlCopyMemory(buf, g_Ctl.Scratch, inLen);
            info = inLen;
        } else {
            status = STATUS_BUFFER_TOO_SMALL;
        }
        ExReleaseFastMutex(&g_Ctl.ScratchLock);
        break;

    case IOCTL_CTL_GET_STATS:
        if (outLen < sizeof(CTL_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        RtlCopyMemory(buf, &g_Ctl.Stats, sizeof(CTL_STATS));
        info = sizeof(CTL_STATS);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    if (!NT_SUCCESS(status)) {
        InterlockedIncrement(&g_Ctl.Stats.Errors);
    }
    return CompleteIrp(Irp, status, info);
}
