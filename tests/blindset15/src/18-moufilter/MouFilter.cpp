//
// mouswap - WDM upper filter for mouse devices (installed under mouclass via
// UpperFilters). Optionally swaps left/right buttons and counts packets.
//
#include "MouFilter.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

#pragma alloc_text(INIT, DriverEntry)

namespace mf {

NTSTATUS Filter::Complete(PIRP irp, NTSTATUS status)
{
    irp->IoStatus.Status = status;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

#pragma code_seg("PAGE")
NTSTATUS Filter::AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    PAGED_CODE();

    PDEVICE_OBJECT dev = nullptr;
    NTSTATUS status = IoCreateDevice(DriverObject, sizeof(Extension), nullptr, FILE_DEVICE_MOUSE,
                                     0, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    Extension* ext = Ext(dev);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = dev;
    ext->Pdo = Pdo;
    ext->SwapButtons = 1;
    IoInitializeRemoveLock(&ext->RemoveLock, kTag, 0, 0);

    ext->Lower = IoAttachDeviceToDeviceStack(dev, Pdo);
    if (ext->Lower == nullptr) {
        IoDeleteDevice(dev);
        return STATUS_DEVICE_NOT_CONNECTED;
    }

    dev->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    dev->DeviceType = ext->Lower->DeviceType;
    dev->Characteristics = ext->Lower->Characteristics;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID Filter::Unload(PDRIVER_OBJECT DriverObject)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DriverObject);
    // Per-device state goes away with IRP_MN_REMOVE_DEVICE; nothing global to free.
    KdPrint(("mouswap: unload\n"));
}
#pragma code_seg()

NTSTATUS Filter::DispatchPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    Extension* ext = Ext(DeviceObject);
    RemoveLockGuard<PIRP> guard(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(guard.Status())) {
        return Complete(Irp, guard.Status());
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS Filter::DispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    Extension* ext = Ext(DeviceObject);
    RemoveLockGuard<PIRP> guard(&ext->RemoveLock, Irp);

    PoStartNextPowerIrp(Irp);
    if (!NT_SUCCESS(guard.Status())) {
        return Complete(Irp, guard.Status());
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

NTSTATUS Filter::DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    Extension* ext = Ext(DeviceObject);
    RemoveLockGuard<PIRP> guard(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(guard.Status())) {
        return Complete(Irp, guard.Status());
    }

    auto* sp = IoGetCurrentIrpStackLocation(Irp);

    switch (sp->MinorFunction) {
    case IRP_MN_REMOVE_DEVICE: {
        guard.Release();
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);

        IoSkipCurrentIrpStackLocation(Irp);
        NTSTATUS status = IoCallDriver(ext->Lower, Irp);

        IoDetachDevice(ext->Lower);
        IoDeleteDevice(DeviceObject);
        return status;
    }

    case IRP_MN_SURPRISE_REMOVAL:
        ext->Connected = false;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS Filter::DispatchInternalIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    Extension* ext = Ext(DeviceObject);
    RemoveLockGuard<PIRP> guard(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(guard.Status())) {
        return Complete(Irp, guard.Status());
    }

    auto* sp = IoGetCurrentIrpStackLocation(Irp);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_INTERNAL_MOUSE_CONNECT: {
        if (ext->Upper.ClassService != nullptr) {
            return Complete(Irp, STATUS_SHARING_VIOLATION);
        }
        if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(CONNECT_DATA)) {
            return Complete(Irp, STATUS_INVALID_PARAMETER);
        }

        auto* connect = static_cast<PCONNECT_DATA>(sp->Parameters.DeviceIoControl.Type3InputBuffer);
        ext->Upper = *connect;

        connect->ClassDeviceObject = DeviceObject;
        connect->ClassService = reinterpret_cast<PVOID>(&Filter::ServiceCallback);
        ext->Connected = true;
        break;
    }

    case IOCTL_INTERNAL_MOUSE_DISCONNECT:
        return Complete(Irp, STATUS_NOT_IMPLEMENTED);

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

VOID Filter::ServiceCallback(PDEVICE_OBJECT DeviceObject, PMOUSE_INPUT_DATA Start,
                             PMOUSE_INPUT_DATA End, PULONG Consumed)
{
    Extension* ext = Ext(DeviceObject);

    constexpr USHORT kLeft = MOUSE_LEFT_BUTTON_DOWN | MOUSE_LEFT_BUTTON_UP;
    constexpr USHORT kRight = MOUSE_RIGHT_BUTTON_DOWN | MOUSE_RIGHT_BUTTON_UP;

    if (ext->SwapButtons != 0) {
        for (PMOUSE_INPUT_DATA p = Start; p < End; ++p) {
            USHORT flags = p->ButtonFlags;
            USHORT swapped = flags & ~(kLeft | kRight);
            if (flags & MOUSE_LEFT_BUTTON_DOWN)  swapped |= MOUSE_RIGHT_BUTTON_DOWN;
            if (flags & MOUSE_LEFT_BUTTON_UP)    swapped |= MOUSE_RIGHT_BUTTON_UP;
            if (flags & MOUSE_RIGHT_BUTTON_DOWN) swapped |= MOUSE_LEFT_BUTTON_DOWN;
            if (flags & MOUSE_RIGHT_BUTTON_UP)   swapped |= MOUSE_LEFT_BUTTON_UP;
            p->ButtonFlags = swapped;
        }
    }
    InterlockedAdd(&ext->Packets, static_cast<LONG>(End - Start));

    auto upper = reinterpret_cast<PSERVICE_CALLBACK_ROUTINE>(ext->Upper.ClassService);
    upper(ext->Upper.ClassDeviceObject, Start, End, Consumed);
}

} // namespace mf

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    for (auto& dispatch : DriverObject->MajorFunction) {
        dispatch = &mf::Filter::DispatchPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_PNP] = &mf::Filter::DispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = &mf::Filter::DispatchPower;
    DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = &mf::Filter::DispatchInternalIoctl;

    DriverObject->DriverExtension->AddDevice = &mf::Filter::AddDevice;
    DriverObject->DriverUnload = &mf::Filter::Unload;
    return STATUS_SUCCESS;
}
