//
// driver.cpp - DriverEntry, unload and dispatch of ramvol
//
#include <ntddk.h>
#include <ntddstor.h>

#include "ramvol.h"

using namespace ramvol;

namespace {

struct {
    PDEVICE_OBJECT  Device;
    PVOID           Notify;
} g;

UNICODE_STRING g_NtName   = RTL_CONSTANT_STRING(L"\\Device\\RamVol0");
UNICODE_STRING g_DosName  = RTL_CONSTANT_STRING(L"\\DosDevices\\RamVol0");

DiskExtension* Ext(PDEVICE_OBJECT DeviceObject)
{
    return static_cast<DiskExtension*>(DeviceObject->DeviceExtension);
}

NTSTATUS Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info = 0)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return Complete(Irp, STATUS_SUCCESS);
}

NTSTATUS DispatchShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = Ext(DeviceObject);
    RV_LOG("shutdown: %ld reads, %ld writes, %lu volumes seen",
           ext->Reads, ext->Writes, Volumes::Seen());
    return Complete(Irp, STATUS_SUCCESS);
}

NTSTATUS DispatchReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = Ext(DeviceObject);
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    const bool write = stack->MajorFunction == IRP_MJ_WRITE;
    const LONGLONG offset = write ? stack->Parameters.Write.ByteOffset.QuadPart
                                  : stack->Parameters.Read.ByteOffset.QuadPart;
    const ULONG length = write ? stack->Parameters.Write.Length : stack->Parameters.Read.Length;

    if (offset < 0 || (offset % RV_SECTOR) != 0 || (length % RV_SECTOR) != 0 ||
        static_cast<ULONGLONG>(offset) + length > ext->Size) {
        return Complete(Irp, STATUS_INVALID_PARAMETER);
    }
    if (length == 0) {
        return Complete(Irp, STATUS_SUCCESS);
    }

    auto buffer = static_cast<PUCHAR>(MmGetSystemAddressForMdlSafe(Irp->MdlAddress,
                                      NormalPagePriority | MdlMappingNoExecute));
    if (buffer == nullptr) {
        return Complete(Irp, STATUS_INSUFFICIENT_RESOURCES);
    }

    if (write) {
        RtlCopyMemory(ext->Va + offset, buffer, length);
        InterlockedIncrement(&ext->Writes);
    } else {
        RtlCopyMemory(buffer, ext->Va + offset, length);
        InterlockedIncrement(&ext->Reads);
    }
    return Complete(Irp, STATUS_SUCCESS, length);
}

NTSTATUS DispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = Ext(DeviceObject);
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    const ULONG outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID out = Irp->AssociatedIrp.SystemBuffer;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_DISK_GET_DRIVE_GEOMETRY:
        if (outLen < sizeof(DISK_GEOMETRY)) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        *static_cast<PDISK_GEOMETRY>(out) = ext->Geometry;
        return Complete(Irp, STATUS_SUCCESS, sizeof(DISK_GEOMETRY));
    case IOCTL_DISK_GET_LENGTH_INFO:
        if (outLen < sizeof(GET_LENGTH_INFORMATION)) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        static_cast<PGET_LENGTH_INFORMATION>(out)->Length.QuadPart = static_cast<LONGLONG>(ext->Size);
        return Complete(Irp, STATUS_SUCCESS, sizeof(GET_LENGTH_INFORMATION));
    case IOCTL_DISK_IS_WRITABLE:
    case IOCTL_DISK_CHECK_VERIFY:
        return Complete(Irp, STATUS_SUCCESS);
    default:
        return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

void Unload(PDRIVER_OBJECT)
{
    // reverse order of DriverEntry; the extension is used before the device goes
    IoUnregisterPlugPlayNotificationEx(g.Notify);
    IoUnregisterShutdownNotification(g.Device);
    IoDeleteSymbolicLink(&g_DosName);
    Image::Free(Ext(g.Device));
    IoDeleteDevice(g.Device);
    Volumes::Clear();
    RV_LOG("unloaded");
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]           = DispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE]          = DispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN]       = DispatchShutdown;

    // the notification callback uses the list, so it must exist first
    Volumes::Initialize();

    status = IoCreateDevice(DriverObject, sizeof(DiskExtension), &g_NtName, FILE_DEVICE_DISK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g.Device);
    if (!NT_SUCCESS(status)) {
        RV_LOG("IoCreateDevice 0x%08X", status);
        return status;
    }
    g.Device->Flags |= DO_DIRECT_IO;

    status = Image::Allocate(Ext(g.Device), RV_IMAGE_BYTES);
    if (!NT_SUCCESS(status)) {
        RV_LOG("image 0x%08X", status);
        goto delete_device;
    }

    status = IoCreateSymbolicLink(&g_DosName, &g_NtName);
    if (!NT_SUCCESS(status)) {
        RV_LOG("IoCreateSymbolicLink 0x%08X", status);
        goto free_image;
    }

    status = IoRegisterShutdownNotification(g.Device);
    if (!NT_SUCCESS(status)) {
        RV_LOG("IoRegisterShutdownNotification 0x%08X", status);
        goto delete_link;
    }

    status = IoRegisterPlugPlayNotification(EventCategoryDeviceInterfaceChange,
                                            PNPNOTIFY_DEVICE_INTERFACE_INCLUDE_EXISTING_INTERFACES,
                                            const_cast<GUID*>(&GUID_DEVINTERFACE_VOLUME),
                                            DriverObject, Volumes::OnChange, nullptr, &g.Notify);
    if (!NT_SUCCESS(status)) {
        RV_LOG("IoRegisterPlugPlayNotification 0x%08X", status);
        goto unregister_shutdown;
    }

    DriverObject->DriverUnload = Unload;
    g.Device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

unregister_shutdown:
    IoUnregisterShutdownNotification(g.Device);
delete_link:
    IoDeleteSymbolicLink(&g_DosName);
free_image:
    Image::Free(Ext(g.Device));
delete_device:
    IoDeleteDevice(g.Device);
    g.Device = nullptr;
    Volumes::Clear();
    return status;
}
