//
// pnp.cpp - IRP_MJ_PNP and IRP_MJ_POWER handling for the filter DO
//
#include "iocf.h"

using namespace iocf;

static IO_COMPLETION_ROUTINE IocfUsageCompletion;

//
// Paging-path notifications: once the lower stack has answered, mirror
// its DO_POWER_PAGABLE so we never claim to be pageable when it is not.
//
static NTSTATUS
IocfUsageCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    UNREFERENCED_PARAMETER(Context);
    auto ext = Ext(DeviceObject);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    if (!(ext->Lower->Flags & DO_POWER_PAGABLE)) {
        DeviceObject->Flags &= ~DO_POWER_PAGABLE;
    }

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
IocfDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    auto ext = Ext(DeviceObject);
    auto stack = IoGetCurrentIrpStackLocation(Irp);

    RemoveLockGuard guard(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(guard.Status())) {
        return CompleteIrp(Irp, guard.Status());
    }

    switch (stack->MinorFunction) {
    case IRP_MN_REMOVE_DEVICE: {
        // Hand the IRP down first, then wait for everyone else holding
        // the lock, detach from the lower device and delete ourselves.
        guard.Dismiss();
        IoSkipCurrentIrpStackLocation(Irp);
        NTSTATUS status = IoCallDriver(ext->Lower, Irp);

        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);

        IoDetachDevice(ext->Lower);
        IoDeleteDevice(DeviceObject);
        return status;
    }

    case IRP_MN_DEVICE_USAGE_NOTIFICATION:
        // On the way down, if we are not pageable yet, become pageable if
        // there is no parent in the paging path; fixed up on completion.
        if ((DeviceObject->AttachedDevice == nullptr) ||
            (DeviceObject->AttachedDevice->Flags & DO_POWER_PAGABLE)) {
            DeviceObject->Flags |= DO_POWER_PAGABLE;
        }
        guard.Dismiss();    // released in IocfUsageCompletion
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, IocfUsageCompletion, nullptr, TRUE, TRUE, TRUE);
        return IoCallDriver(ext->Lower, Irp);

    default:
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(ext->Lower, Irp);
    }
}

NTSTATUS
IocfDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    auto ext = Ext(DeviceObject);

    RemoveLockGuard guard(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(guard.Status())) {
        PoStartNextPowerIrp(Irp);
        return CompleteIrp(Irp, guard.Status());
    }

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}
