// pnp.cpp -- PnP and power for the kbdupper filter
#include "kbdupper.h"

namespace ku {

static void SetInterface(Extension* ext, BOOLEAN on)
{
    if (ext->InterfaceOn == on) {
        return;
    }
    NTSTATUS status = IoSetDeviceInterfaceState(&ext->InterfaceName, on);
    if (NT_SUCCESS(status)) {
        ext->InterfaceOn = on;
    } else {
        KU_ERROR("IoSetDeviceInterfaceState(%u) 0x%08X", on, status);
    }
}

NTSTATUS DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto     ext = Ext(DeviceObject);
    auto     sp  = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    RemoveLockGuard guard(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(guard.Status())) {
        return Complete(Irp, guard.Status());
    }

    switch (sp->MinorFunction) {

    case IRP_MN_START_DEVICE:
        // let kbdclass and the port driver start first
        if (IoForwardIrpSynchronously(ext->Lower, Irp)) {
            status = Irp->IoStatus.Status;
        } else {
            status = STATUS_UNSUCCESSFUL;
        }
        if (NT_SUCCESS(status)) {
            SetInterface(ext, TRUE);
        }
        return Complete(Irp, status, Irp->IoStatus.Information);

    case IRP_MN_SURPRISE_REMOVAL:
        SetInterface(ext, FALSE);
        break;

    case IRP_MN_REMOVE_DEVICE: {
        SetInterface(ext, FALSE);

        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);

        guard.Dismiss();
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);

        IoDetachDevice(ext->Lower);
        RtlFreeUnicodeString(&ext->InterfaceName);
        IoDeleteDevice(DeviceObject);
        KU_TRACE("removed %p", DeviceObject);
        return status;
    }

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS DispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = Ext(DeviceObject);

    PoStartNextPowerIrp(Irp);

    RemoveLockGuard guard(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(guard.Status())) {
        return Complete(Irp, guard.Status());
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

} // namespace ku
