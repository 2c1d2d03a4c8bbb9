/*
 * pnp.c - IRP_MJ_PNP / IRP_MJ_POWER for the ifacedev FDO
 */
#include "ifacedev.h"

static IO_COMPLETION_ROUTINE IfdSyncComplete;

static NTSTATUS
IfdSyncComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->PendingReturned) {
        KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    }
    return STATUS_MORE_PROCESSING_REQUIRED;
}

/* send the IRP down and wait for the bus driver to finish with it */
static NTSTATUS
IfdForwardAndWait(PIFD_EXTENSION Ext, PIRP Irp)
{
    KEVENT   done;
    NTSTATUS status;

    KeInitializeEvent(&done, NotificationEvent, FALSE);
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, IfdSyncComplete, &done, TRUE, TRUE, TRUE);

    status = IoCallDriver(Ext->LowerDevice, Irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, NULL);
        status = Irp->IoStatus.Status;
    }
    return status;
}

static VOID
IfdSetInterface(PIFD_EXTENSION Ext, BOOLEAN Enable)
{
    NTSTATUS status;

    if (Ext->InterfaceEnabled == Enable) {
        return;
    }
    status = IoSetDeviceInterfaceState(&Ext->InterfaceName, Enable);
    if (NT_SUCCESS(status)) {
        Ext->InterfaceEnabled = Enable;
    } else {
        IFD_LOG(("IoSetDeviceInterfaceState(%d) failed %08x\n", Enable, status));
    }
}

NTSTATUS
IfdPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIFD_EXTENSION     ext = (PIFD_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp  = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS           status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return IfdCompleteIrp(Irp, status, 0);
    }

    switch (sp->MinorFunction) {

    case IRP_MN_START_DEVICE:
        status = IfdForwardAndWait(ext, Irp);
        if (NT_SUCCESS(status)) {
            ext->State = IfdStarted;
            IfdSetInterface(ext, TRUE);
        }
        IfdCompleteIrp(Irp, status, Irp->IoStatus.Information);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;

    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
        ext->State = IfdStopPending;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
        ext->State = IfdStarted;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_STOP_DEVICE:
        ext->State = IfdNotStarted;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_SURPRISE_REMOVAL:
        ext->State = IfdSurpriseRemoved;
        IfdSetInterface(ext, FALSE);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        ext->State = IfdRemoved;
        IfdSetInterface(ext, FALSE);

        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->LowerDevice, Irp);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);

        RtlFreeUnicodeString(&ext->InterfaceName);
        IoDetachDevice(ext->LowerDevice);
        IoDeleteDevice(DeviceObject);
        IFD_LOG(("removed\n"));
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
IfdPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIFD_EXTENSION ext = (PIFD_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS       status;

    PoStartNextPowerIrp(Irp);

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return IfdCompleteIrp(Irp, status, 0);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
