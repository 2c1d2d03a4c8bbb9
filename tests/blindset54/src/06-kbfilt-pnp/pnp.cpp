// pnp.cpp - IRP handling for capsctl
#include "filter.h"

using namespace caps;

namespace {

NTSTATUS CompleteIrp(PIRP irp, NTSTATUS status)
{
    irp->IoStatus.Status = status;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS SkipDown(FilterExt* ext, PIRP irp)
{
    IoSkipCurrentIrpStackLocation(irp);
    NTSTATUS status = IoCallDriver(ext->Lower, irp);
    IoReleaseRemoveLock(&ext->RemoveLock, irp);
    return status;
}

} // namespace

NTSTATUS Filter::DispatchPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = Ext(DeviceObject);
    NTSTATUS status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return CompleteIrp(Irp, status);
    }
    return SkipDown(ext, Irp);
}

NTSTATUS Filter::DispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = Ext(DeviceObject);
    NTSTATUS status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        PoStartNextPowerIrp(Irp);
        return CompleteIrp(Irp, status);
    }
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS Filter::DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = Ext(DeviceObject);
    auto stack = IoGetCurrentIrpStackLocation(Irp);

    NTSTATUS status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return CompleteIrp(Irp, status);
    }

    switch (stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
        status = IoForwardIrpSynchronously(ext->Lower, Irp) ? Irp->IoStatus.Status
                                                            : STATUS_UNSUCCESSFUL;
        KLOG("start -> 0x%08X", status);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return CompleteIrp(Irp, status);

    case IRP_MN_REMOVE_DEVICE:
        KLOG("remove, %ld keys remapped", ext->Remapped);
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);
        IoDetachDevice(ext->Lower);
        IoDeleteDevice(DeviceObject);
        return status;

    case IRP_MN_SURPRISE_REMOVAL:
        Irp->IoStatus.Status = STATUS_SUCCESS;
        return SkipDown(ext, Irp);

    default:
        return SkipDown(ext, Irp);
    }
}

NTSTATUS Filter::DispatchInternalIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = Ext(DeviceObject);
    auto stack = IoGetCurrentIrpStackLocation(Irp);

    NTSTATUS status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return CompleteIrp(Irp, status);
    }

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_INTERNAL_KEYBOARD_CONNECT: {
        if (ext->Connected) {
            IoReleaseRemoveLock(&ext->RemoveLock, Irp);
            return CompleteIrp(Irp, STATUS_SHARING_VIOLATION);
        }
        if (stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(CONNECT_DATA)) {
            IoReleaseRemoveLock(&ext->RemoveLock, Irp);
            return CompleteIrp(Irp, STATUS_INVALID_PARAMETER);
        }
        auto connect = static_cast<PCONNECT_DATA>(stack->Parameters.DeviceIoControl.Type3InputBuffer);

        // remember kbdclass, put ourselves in between
        ext->UpperConnect = *connect;
        connect->ClassDeviceObject = DeviceObject;
        connect->ClassService = reinterpret_cast<PVOID>(&Filter::ServiceCallback);
        ext->Connected = TRUE;
        break;
    }
    case IOCTL_INTERNAL_KEYBOARD_DISCONNECT:
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return CompleteIrp(Irp, STATUS_NOT_IMPLEMENTED);

    default:
        break;
    }

    return SkipDown(ext, Irp);
}

VOID Filter::ServiceCallback(
    PDEVICE_OBJECT DeviceObject,
    PKEYBOARD_INPUT_DATA InputDataStart,
    PKEYBOARD_INPUT_DATA InputDataEnd,
    PULONG InputDataConsumed)
{
    auto ext = Ext(DeviceObject);

    for (auto p = InputDataStart; p < InputDataEnd; ++p) {
        if (p->MakeCode == s_RemapFrom && !(p->Flags & KEY_E0)) {
            p->MakeCode = static_cast<USHORT>(s_RemapTo);
            InterlockedIncrement(&ext->Remapped);
        }
    }

    auto upper = reinterpret_cast<PSERVICE_CALLBACK_ROUTINE>(ext->UpperConnect.ClassService);
    upper(ext->UpperConnect.ClassDeviceObject, InputDataStart, InputDataEnd, InputDataConsumed);
}
