/*
 * pnp.c - generic pass-through, PnP and power
 */
#include "wblock.h"

static NTSTATUS
WbStartCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);

    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS
WbUsageCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PWB_DEVICE_EXTENSION devExt = (PWB_DEVICE_EXTENSION)Context;

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    /* on the way up the pagable flag may have been cleared below us */
    if (!(devExt->LowerDevice->Flags & DO_POWER_PAGABLE)) {
        DeviceObject->Flags &= ~DO_POWER_PAGABLE;
    }

    IoReleaseRemoveLock(&devExt->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

/*
 * Everything we don't care about goes straight down. PnP is routed from here
 * too so that there is only one place that deals with the remove lock.
 */
NTSTATUS
WbDispatchPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PWB_DEVICE_EXTENSION devExt = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    if (sp->MajorFunction == IRP_MJ_PNP) {
        return WbHandlePnp(DeviceObject, Irp);
    }

    status = IoAcquireRemoveLock(&devExt->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(devExt->LowerDevice, Irp);
    IoReleaseRemoveLock(&devExt->RemoveLock, Irp);
    return status;
}

NTSTATUS
WbDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PWB_DEVICE_EXTENSION devExt = DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&devExt->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        PoStartNextPowerIrp(Irp);
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(devExt->LowerDevice, Irp);
    IoReleaseRemoveLock(&devExt->RemoveLock, Irp);
    return status;
}

NTSTATUS
WbHandlePnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PWB_DEVICE_EXTENSION devExt = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    KEVENT event;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&devExt->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (sp->MinorFunction) {

    case IRP_MN_START_DEVICE:
        /* let the disk start first, then pick up its paging flag */
        KeInitializeEvent(&event, NotificationEvent, FALSE);
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, WbStartCompletion, &event, TRUE, TRUE, TRUE);

        status = IoCallDriver(devExt->LowerDevice, Irp);
        if (status == STATUS_PENDING) {
            KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
            status = Irp->IoStatus.Status;
        }

        if (NT_SUCCESS(status) && (devExt->LowerDevice->Characteristics & FILE_REMOVABLE_MEDIA)) {
            DeviceObject->Characteristics |= FILE_REMOVABLE_MEDIA;
        }

        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&devExt->RemoveLock, Irp);
        return status;

    case IRP_MN_REMOVE_DEVICE:
        IoReleaseRemoveLockAndWait(&devExt->RemoveLock, Irp);

        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(devExt->LowerDevice, Irp);

        WbPrint(DPFLTR_INFO_LEVEL, "remove %p, %ld writes blocked", DeviceObject, devExt->BlockedWrites);

        IoDetachDevice(devExt->LowerDevice);
        IoDeleteDevice(DeviceObject);
        return status;

    case IRP_MN_DEVICE_USAGE_NOTIFICATION:
        /* on the way down the pagable flag may get set, mimic what is above us */
        if (DeviceObject->AttachedDevice == NULL ||
            (DeviceObject->AttachedDevice->Flags & DO_POWER_PAGABLE)) {
            DeviceObject->Flags |= DO_POWER_PAGABLE;
        }
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, WbUsageCompletion, devExt, TRUE, TRUE, TRUE);
        return IoCallDriver(devExt->LowerDevice, Irp);

    default:
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(devExt->LowerDevice, Irp);
        IoReleaseRemoveLock(&devExt->RemoveLock, Irp);
        return status;
    }
}
