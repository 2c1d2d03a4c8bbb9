/*
 * dispatch.c - pass-through, counting and PnP handling for SerTap.
 */
#include "sertap.h"

static NTSTATUS
StFailIrp(
    _Inout_ PIRP Irp,
    _In_ NTSTATUS Status
    )
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
StDispatchPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PST_EXTENSION ext = (PST_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return StFailIrp(Irp, status);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
StDispatchCounted(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PST_EXTENSION ext = (PST_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    switch (sp->MajorFunction) {
    case IRP_MJ_READ:
        InterlockedIncrement(&ext->Reads);
        if (ext->LogMask & ST_LOG_READS) {
            KdPrint(("SerTap: read %lu bytes\n", sp->Parameters.Read.Length));
        }
        break;

    case IRP_MJ_WRITE:
        InterlockedIncrement(&ext->Writes);
        if (ext->LogMask & ST_LOG_WRITES) {
            KdPrint(("SerTap: write %lu bytes\n", sp->Parameters.Write.Length));
        }
        break;

    case IRP_MJ_DEVICE_CONTROL:
        InterlockedIncrement(&ext->Ioctls);
        if (ext->LogMask & ST_LOG_IOCTLS) {
            KdPrint(("SerTap: ioctl 0x%08X\n",
                     sp->Parameters.DeviceIoControl.IoControlCode));
        }
        break;

    default:
        break;
    }

    return StDispatchPassThrough(DeviceObject, Irp);
}

NTSTATUS
StDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PST_EXTENSION ext = (PST_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return StFailIrp(Irp, status);
    }

    if (sp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        KdPrint(("SerTap: remove, R=%ld W=%ld I=%ld\n",
                 ext->Reads, ext->Writes, ext->Ioctls));

        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);

        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);
        IoDetachDevice(ext->Lower);
        IoDeleteDevice(DeviceObject);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
