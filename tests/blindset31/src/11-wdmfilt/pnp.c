//
// pnp.c - IRP_MJ_PNP handling
//
#include "filter.h"

static IO_COMPLETION_ROUTINE FltStartCompletion;
static IO_COMPLETION_ROUTINE FltUsageCompletion;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, FltDispatchPnp)
#endif

static NTSTATUS
FltStartCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->PendingReturned) {
        KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    }
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS
FltUsageCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PFLT_EXTENSION ext = (PFLT_EXTENSION)DeviceObject->DeviceExtension;

    UNREFERENCED_PARAMETER(Context);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    // on the way up the pagable bit may have been cleared below us
    if (!(ext->Lower->Flags & DO_POWER_PAGABLE)) {
        DeviceObject->Flags &= ~DO_POWER_PAGABLE;
    }
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

static VOID
FltUntrackDevice(
    _In_ PFLT_EXTENSION Ext
    )
{
    ExAcquireFastMutex(&g_Flt.DeviceListLock);
    RemoveEntryList(&Ext->GlobalLink);
    g_Flt.DeviceCount--;
    ExReleaseFastMutex(&g_Flt.DeviceListLock);
}

NTSTATUS
FltDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PFLT_EXTENSION ext = (PFLT_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    KEVENT started;

    PAGED_CODE();

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (sp->MinorFunction) {
    case IRP_MN_START_DEVICE:
        KeInitializeEvent(&started, NotificationEvent, FALSE);
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, FltStartCompletion, &started, TRUE, TRUE, TRUE);

        status = IoCallDriver(ext->Lower, Irp);
        if (status == STATUS_PENDING) {
            KeWaitForSingleObject(&started, Executive, KernelMode, FALSE, NULL);
            status = Irp->IoStatus.Status;
        }

        if (NT_SUCCESS(status)) {
            ext->State = FltStarted;
            if (ext->Lower->Characteristics & FILE_REMOVABLE_MEDIA) {
                DeviceObject->Characteristics |= FILE_REMOVABLE_MEDIA;
            }
            FltStartRateTimer(ext);
        }

        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;

    case IRP_MN_STOP_DEVICE:
        FltStopRateTimer(ext);
        ext->State = FltStopped;
        break;

    case IRP_MN_SURPRISE_REMOVAL:
        FltStopRateTimer(ext);
        ext->State = FltSurpriseRemoved;
        break;

    case IRP_MN_REMOVE_DEVICE:
        FltStopRateTimer(ext);
        ext->State = FltDeleted;
        FltUntrackDevice(ext);

        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);

        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);

        IoDetachDevice(ext->Lower);
        IoDeleteDevice(DeviceObject);
        return status;

    case IRP_MN_DEVICE_USAGE_NOTIFICATION:
        // on the way down the pagable bit may become set; mimic whoever is above us
        if (DeviceObject->AttachedDevice == NULL ||
            (DeviceObject->AttachedDevice->Flags & DO_POWER_PAGABLE)) {
            DeviceObject->Flags |= DO_POWER_PAGABLE;
        }
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, FltUsageCompletion, NULL, TRUE, TRUE, TRUE);
        // the completion routine releases the remove lock
        return IoCallDriver(ext->Lower, Irp);

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
