/*
 * pnp.c - IRP_MJ_PNP and IRP_MJ_POWER for serfilt
 */
#include "serfilt.h"

NTSTATUS
SfDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PSF_EXTENSION ext = (PSF_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return SfCompleteRequest(Irp, status);
    }

    switch (irpSp->MinorFunction) {

    case IRP_MN_START_DEVICE:
        /* the lower stack has to start first */
        status = IoForwardIrpSynchronously(ext->Lower, Irp) ? Irp->IoStatus.Status
                                                            : STATUS_UNSUCCESSFUL;
        if (NT_SUCCESS(status)) {
            ext->Started = TRUE;
            if (ext->Lower->Characteristics & FILE_REMOVABLE_MEDIA) {
                DeviceObject->Characteristics |= FILE_REMOVABLE_MEDIA;
            }
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;

    case IRP_MN_SURPRISE_REMOVAL:
        ext->Started = FALSE;
        break;

    case IRP_MN_REMOVE_DEVICE:
        SfDbg(("remove %p: reads=%ld (%I64d bytes) writes=%ld (%I64d bytes)\n",
               DeviceObject, ext->Reads, ext->BytesRead, ext->Writes, ext->BytesWritten));

        ext->Started = FALSE;
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);

        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);

        IoDeleteDevice(DeviceObject);
        IoDetachDevice(ext->Lower);
        return status;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
SfDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PSF_EXTENSION ext = (PSF_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        PoStartNextPowerIrp(Irp);
        return SfCompleteRequest(Irp, status);
    }

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(ext->Lower, Irp);

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
