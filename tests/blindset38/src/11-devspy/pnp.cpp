//
// pnp.cpp - the PnP paths that need more than skip-and-call
//
#include "devspy.h"

namespace devspy {
namespace {

IO_COMPLETION_ROUTINE StartCompletion;
IO_COMPLETION_ROUTINE UsageCompletion;

NTSTATUS StartCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);

    // the dispatch routine waits and completes the IRP itself
    KeSetEvent(static_cast<PKEVENT>(Context), IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

NTSTATUS UsageCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);

    auto ext = Ext(DeviceObject);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    // follow the lower driver: if it is no longer pageable, neither are we
    if (!(ext->Lower->Flags & DO_POWER_PAGABLE)) {
        DeviceObject->Flags &= ~DO_POWER_PAGABLE;
    }

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

void DumpCounts(DeviceExtension* ext)
{
    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        if (ext->IrpCount[i] != 0) {
            SPY_LOG("  major 0x%02x: %ld", i, ext->IrpCount[i]);
        }
    }
}

} // anonymous namespace

NTSTATUS DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto     ext   = Ext(DeviceObject);
    auto     stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    KEVENT   event;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return CompleteIrp(Irp, status);
    }

    InterlockedIncrement(&ext->IrpCount[IRP_MJ_PNP]);

    switch (stack->MinorFunction) {

    case IRP_MN_START_DEVICE:
        // let the lower stack start first, then pick up its characteristics
        KeInitializeEvent(&event, NotificationEvent, FALSE);
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, StartCompletion, &event, TRUE, TRUE, TRUE);

        status = IoCallDriver(ext->Lower, Irp);
        if (status == STATUS_PENDING) {
            KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr);
            status = Irp->IoStatus.Status;
        }

        if (NT_SUCCESS(status) && (ext->Lower->Characteristics & FILE_REMOVABLE_MEDIA)) {
            DeviceObject->Characteristics |= FILE_REMOVABLE_MEDIA;
        }

        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;

    case IRP_MN_DEVICE_USAGE_NOTIFICATION:
        // going down: pageable if whoever is above us is (or nobody is)
        if (DeviceObject->AttachedDevice == nullptr ||
            (DeviceObject->AttachedDevice->Flags & DO_POWER_PAGABLE)) {
            DeviceObject->Flags |= DO_POWER_PAGABLE;
        }
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, UsageCompletion, nullptr, TRUE, TRUE, TRUE);
        // remove lock is released in UsageCompletion
        return IoCallDriver(ext->Lower, Irp);

    case IRP_MN_REMOVE_DEVICE:
        SPY_LOG("remove, IRP counts:");
        DumpCounts(ext);

        // wait for everything in flight through us, then go
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);

        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);

        IoDetachDevice(ext->Lower);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;
    }
}

} // namespace devspy
