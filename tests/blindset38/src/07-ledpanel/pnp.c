/*
 * pnp.c - PnP and power. Every IRP holds the remove lock while we touch
 * the extension or the lower device.
 */
#include "ledpanel.h"

static NTSTATUS
LedPassDown(
    _In_ PLED_EXTENSION Ext,
    _In_ PIRP           Irp
    )
{
    NTSTATUS status;

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(Ext->Lower, Irp);
    IoReleaseRemoveLock(&Ext->RemoveLock, Irp);
    return status;
}

static VOID
LedSetInterface(
    _In_ PLED_EXTENSION Ext,
    _In_ BOOLEAN        Enable
    )
{
    if (Ext->InterfaceEnabled != Enable) {
        if (NT_SUCCESS(IoSetDeviceInterfaceState(&Ext->InterfaceName, Enable))) {
            Ext->InterfaceEnabled = Enable;
        }
    }
}

NTSTATUS
LedDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    PLED_EXTENSION     ext   = (PLED_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS           status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (stack->MinorFunction) {

    case IRP_MN_START_DEVICE:
        if (IoForwardIrpSynchronously(ext->Lower, Irp)) {
            status = Irp->IoStatus.Status;
        } else {
            status = STATUS_UNSUCCESSFUL;
        }
        if (NT_SUCCESS(status)) {
            ext->State = LedStarted;
            LedSetInterface(ext, TRUE);
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;

    case IRP_MN_QUERY_STOP_DEVICE:
        ext->PrevState = ext->State;
        ext->State     = LedStopPending;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        return LedPassDown(ext, Irp);

    case IRP_MN_CANCEL_STOP_DEVICE:
        if (ext->State == LedStopPending) {
            ext->State = ext->PrevState;
        }
        Irp->IoStatus.Status = STATUS_SUCCESS;
        return LedPassDown(ext, Irp);

    case IRP_MN_STOP_DEVICE:
        ext->State = LedStopped;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        return LedPassDown(ext, Irp);

    case IRP_MN_QUERY_REMOVE_DEVICE:
        ext->PrevState = ext->State;
        ext->State     = LedRemovePending;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        return LedPassDown(ext, Irp);

    case IRP_MN_CANCEL_REMOVE_DEVICE:
        if (ext->State == LedRemovePending) {
            ext->State = ext->PrevState;
        }
        Irp->IoStatus.Status = STATUS_SUCCESS;
        return LedPassDown(ext, Irp);

    case IRP_MN_SURPRISE_REMOVAL:
        ext->State = LedSurpriseRemoved;
        LedSetInterface(ext, FALSE);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        return LedPassDown(ext, Irp);

    case IRP_MN_REMOVE_DEVICE:
        ext->State = LedRemoved;
        LedSetInterface(ext, FALSE);

        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);

        // wait for the create/ioctl paths to drain, then tear down
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);

        LedFlushHistory(ext);
        RtlFreeUnicodeString(&ext->InterfaceName);
        IoDetachDevice(ext->Lower);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        return LedPassDown(ext, Irp);
    }
}

NTSTATUS
LedDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP        Irp
    )
{
    PLED_EXTENSION ext = (PLED_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS       status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        PoStartNextPowerIrp(Irp);
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    // nothing to power up or down, the panel is virtual
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(ext->Lower, Irp);

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
