// pnp.c - IRP_MJ_PNP and IRP_MJ_POWER handling for the iostat filter.

#include "filter.h"

static IO_COMPLETION_ROUTINE IoStatStartCompletion;
static IO_COMPLETION_ROUTINE IoStatUsageNotificationCompletion;

static NTSTATUS
IoStatStartCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PKEVENT event = (PKEVENT)Context;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->PendingReturned) {
        KeSetEvent(event, IO_NO_INCREMENT, FALSE);
    }
    // the dispatch routine finishes the IRP
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS
IoStatUsageNotificationCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PIOSTAT_EXTENSION ext = (PIOSTAT_EXTENSION)Context;

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    // on the way up, pagable may have been cleared by the lower driver
    if (!(ext->NextLowerDriver->Flags & DO_POWER_PAGABLE)) {
        DeviceObject->Flags &= ~DO_POWER_PAGABLE;
    }

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
IoStatDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIOSTAT_EXTENSION ext = (PIOSTAT_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    KEVENT event;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (sp->MinorFunction) {

    case IRP_MN_START_DEVICE:
        KeInitializeEvent(&event, NotificationEvent, FALSE);
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, IoStatStartCompletion, &event, TRUE, TRUE, TRUE);

        status = IoCallDriver(ext->NextLowerDriver, Irp);
        if (status == STATUS_PENDING) {
            KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
            status = Irp->IoStatus.Status;
        }

        if (NT_SUCCESS(status)) {
            SET_NEW_PNP_STATE(ext, Started);
            if (ext->NextLowerDriver->Characteristics & FILE_REMOVABLE_MEDIA) {
                DeviceObject->Characteristics |= FILE_REMOVABLE_MEDIA;
            }
        }

        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;

    case IRP_MN_REMOVE_DEVICE:
        SET_NEW_PNP_STATE(ext, Deleted);

        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->NextLowerDriver, Irp);

        // wait for in-flight reads/writes before tearing down
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);

        IOSTAT_DBG(DPFLTR_INFO_LEVEL, "remove %p: reads=%I64d writes=%I64d",
                   DeviceObject, ext->Counters.Reads, ext->Counters.Writes);

        IoDetachDevice(ext->NextLowerDriver);
        IoDeleteDevice(DeviceObject);
        return status;

    case IRP_MN_QUERY_REMOVE_DEVICE:
        SET_NEW_PNP_STATE(ext, RemovePending);
        status = STATUS_SUCCESS;
        break;

    case IRP_MN_SURPRISE_REMOVAL:
        SET_NEW_PNP_STATE(ext, SurpriseRemovePending);
        status = STATUS_SUCCESS;
        break;

    case IRP_MN_CANCEL_REMOVE_DEVICE:
        if (ext->DevicePnPState == RemovePending) {
            RESTORE_PREVIOUS_PNP_STATE(ext);
        }
        status = STATUS_SUCCESS;
        break;

    case IRP_MN_DEVICE_USAGE_NOTIFICATION:
        // on the way down, pagable might become set; mimic the driver below us
        if ((DeviceObject->AttachedDevice == NULL) ||
            (DeviceObject->AttachedDevice->Flags & DO_POWER_PAGABLE)) {
            DeviceObject->Flags |= DO_POWER_PAGABLE;
        }
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, IoStatUsageNotificationCompletion, ext, TRUE, TRUE, TRUE);
        return IoCallDriver(ext->NextLowerDriver, Irp);

    default:
        // pass the status of the lower driver through untouched
        status = Irp->IoStatus.Status;
        break;
    }

    Irp->IoStatus.Status = status;
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->NextLowerDriver, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
IoStatDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIOSTAT_EXTENSION ext = (PIOSTAT_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    PoStartNextPowerIrp(Irp);

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(ext->NextLowerDriver, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
