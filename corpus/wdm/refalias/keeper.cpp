//
// keeper.cpp - a legacy C++ driver that keeps a private copy of its
// service key in a global. The helper fills the copy through a reference
// to the global's member (`auto& key = ...`) and hands `&key` to
// RtlCopyUnicodeString; DriverEntry frees the same member through the
// global's own name when a later step fails.
//
#include <ntddk.h>

namespace keeper {

struct Globals {
    UNICODE_STRING ServiceKey;
    PDEVICE_OBJECT Device;
};

Globals g = {};

constexpr ULONG Tag = 'peeK';

NTSTATUS CopyServiceKey(PCUNICODE_STRING RegistryPath)
{
    auto& key = g.ServiceKey;
    key.Buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, RegistryPath->Length, Tag));
    if (key.Buffer == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    key.Length = 0;
    key.MaximumLength = RegistryPath->Length;
    RtlCopyUnicodeString(&key, RegistryPath);
    return STATUS_SUCCESS;
}

void FreeServiceKey()
{
    if (g.ServiceKey.Buffer != nullptr) {
        ExFreePoolWithTag(g.ServiceKey.Buffer, Tag);
        g.ServiceKey.Buffer = nullptr;
    }
}

} // namespace keeper

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD KeeperUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH KeeperCreateClose;

static NTSTATUS KeeperCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static void KeeperUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(keeper::g.Device);
    keeper::FreeServiceKey();
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    NTSTATUS status = keeper::CopyServiceKey(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, nullptr, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &keeper::g.Device);
    if (!NT_SUCCESS(status)) {
        keeper::FreeServiceKey();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = KeeperCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = KeeperCreateClose;
    DriverObject->DriverUnload = KeeperUnload;
    return STATUS_SUCCESS;
}
