// filter.cpp -- attach/detach and the IRP paths
#include "snoop.h"

using namespace snoop;

static NTSTATUS
QueryHardwareId(PDEVICE_OBJECT Pdo, PWCHAR* Out)
{
    ULONG needed = 0;
    *Out = nullptr;

    NTSTATUS status = IoGetDeviceProperty(Pdo, DevicePropertyHardwareID, 0, nullptr, &needed);
    if (status != STATUS_BUFFER_TOO_SMALL) {
        return NT_SUCCESS(status) ? STATUS_UNSUCCESSFUL : status;
    }

    auto buf = static_cast<PWCHAR>(ExAllocatePool2(POOL_FLAG_PAGED, needed, SNOOP_TAG));
    if (buf == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = IoGetDeviceProperty(Pdo, DevicePropertyHardwareID, needed, buf, &needed);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(buf, SNOOP_TAG);
        return status;
    }
    *Out = buf;
    return STATUS_SUCCESS;
}

NTSTATUS
Filter::AddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT fdo = nullptr;
    NTSTATUS status = IoCreateDevice(DriverObject, sizeof(DevExt), nullptr,
                                     FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        SERR("IoCreateDevice %08x", status);
        return status;
    }

    auto ext = static_cast<DevExt*>(fdo->DeviceExtension);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fdo;
    IoInitializeRemoveLock(&ext->RemoveLock, SNOOP_TAG, 0, 0);

    ext->Lower = IoAttachDeviceToDeviceStack(fdo, Pdo);
    if (ext->Lower == nullptr) {
        SERR("attach failed");
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }

    status = QueryHardwareId(Pdo, &ext->HardwareId);
    if (!NT_SUCCESS(status)) {
        SERR("hardware id %08x", status);
        goto fail;
    }

    fdo->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    fdo->DeviceType      = ext->Lower->DeviceType;
    fdo->Characteristics = ext->Lower->Characteristics;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;

    SLOG("watching %ws (fdo %p)", ext->HardwareId, fdo);
    return STATUS_SUCCESS;

fail:
    // undo in reverse: off the stack first, then the device object (and
    // its extension, which holds Lower) goes away
    IoDetachDevice(ext->Lower);
    IoDeleteDevice(fdo);
    return status;
}

NTSTATUS
Filter::DispatchPassThrough(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto ext = static_cast<DevExt*>(DeviceObject->DeviceExtension);
    RemoveLockHold hold(ext, Irp);
    if (!NT_SUCCESS(hold.Status())) {
        Irp->IoStatus.Status = hold.Status();
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return hold.Status();
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
Filter::DispatchInternalIoctl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto ext = static_cast<DevExt*>(DeviceObject->DeviceExtension);
    RemoveLockHold hold(ext, Irp);
    if (!NT_SUCCESS(hold.Status())) {
        Irp->IoStatus.Status = hold.Status();
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return hold.Status();
    }

    auto sp = IoGetCurrentIrpStackLocation(Irp);
    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_INTERNAL_USB_SUBMIT_URB) {
        auto urb = static_cast<PURB>(sp->Parameters.Others.Argument1);
        if (urb != nullptr) {
            InterlockedIncrement(&ext->Urbs);
            Logger::Post(DeviceObject, urb);
        }
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
Filter::DispatchPnp(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto ext = static_cast<DevExt*>(DeviceObject->DeviceExtension);
    RemoveLockHold hold(ext, Irp);
    if (!NT_SUCCESS(hold.Status())) {
        Irp->IoStatus.Status = hold.Status();
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return hold.Status();
    }

    if (IoGetCurrentIrpStackLocation(Irp)->MinorFunction != IRP_MN_REMOVE_DEVICE) {
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(ext->Lower, Irp);
    }

    // remove: wait out in-flight IRPs, pass it down, then detach and delete
    hold.ReleaseAndWait();
    IoSkipCurrentIrpStackLocation(Irp);
    NTSTATUS status = IoCallDriver(ext->Lower, Irp);

    SLOG("removing %ws after %ld urbs", ext->HardwareId, ext->Urbs);
    ExFreePoolWithTag(ext->HardwareId, SNOOP_TAG);
    ext->HardwareId = nullptr;
    IoDetachDevice(ext->Lower);
    IoDeleteDevice(DeviceObject);
    return status;
}

NTSTATUS
Filter::DispatchPower(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto ext = static_cast<DevExt*>(DeviceObject->DeviceExtension);
    PoStartNextPowerIrp(Irp);
    RemoveLockHold hold(ext, Irp);
    if (!NT_SUCCESS(hold.Status())) {
        Irp->IoStatus.Status = hold.Status();
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return hold.Status();
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}
