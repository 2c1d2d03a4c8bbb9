//
// pnp.cpp - PnP and power handling of dskflt
//
#include "dskflt.h"

using namespace dskflt;

namespace {

void DumpStats(FILTER_EXTENSION* ext)
{
    DFLOG("%p: read %I64d bytes, wrote %I64d bytes, %ld ioctls",
          ext->Self, ext->ReadBytes, ext->WriteBytes, ext->Ioctls);
}

} // namespace

NTSTATUS
Filter::DispatchPnp(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    auto ext = Ext(DeviceObject);
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (stack->MinorFunction) {
    case IRP_MN_REMOVE_DEVICE: {
        DumpStats(ext);

        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);

        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);

        IoDetachDevice(ext->Lower);
        IoDeleteDevice(DeviceObject);
        InterlockedDecrement(&s_DeviceCount);
        return status;
    }

    case IRP_MN_SURPRISE_REMOVAL:
        DumpStats(ext);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
Filter::DispatchPower(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    auto ext = Ext(DeviceObject);
    RemoveLockGuard guard(&ext->RemoveLock, Irp);

    if (!NT_SUCCESS(guard.Status())) {
        Irp->IoStatus.Status = guard.Status();
        PoStartNextPowerIrp(Irp);
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return guard.Status();
    }

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}
