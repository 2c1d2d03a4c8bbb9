//
// pnp.c - PnP / power plumbing.  We do not own power policy,
// everything goes down unchanged.
//
#include "moufilt.h"

VOID
MfDumpStats(PMF_EXTENSION Ext)
{
    MF_INFO("stats: packets %lu  L %lu  R %lu  M %lu  wheel %ld\n",
            Ext->Stats.Packets,
            Ext->Stats.LeftDown,
            Ext->Stats.RightDown,
            Ext->Stats.MiddleDown,
            Ext->Stats.WheelTicks);
}

NTSTATUS
MfDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    PMF_EXTENSION      ext   = (PMF_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS           status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (irpSp->MinorFunction) {

    case IRP_MN_START_DEVICE:
        // nothing of our own to start; remember it for the stats dump
        ext->Started = TRUE;
        break;

    case IRP_MN_SURPRISE_REMOVAL:
        ext->Started = FALSE;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        MF_INFO("remove %p\n", DeviceObject);
        MfDumpStats(ext);

        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->LowerDevice, Irp);

        // lower drivers have flushed their queues; wait out our own IRPs
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);

        IoDetachDevice(ext->LowerDevice);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
MfDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    PMF_EXTENSION ext = (PMF_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS      status;

    PoStartNextPowerIrp(Irp);

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
