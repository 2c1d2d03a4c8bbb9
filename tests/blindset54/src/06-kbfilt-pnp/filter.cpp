// filter.cpp - DriverEntry, AddDevice, settings
#include "filter.h"

using namespace caps;

ULONG Filter::s_RemapFrom = SC_CAPSLOCK;
ULONG Filter::s_RemapTo   = SC_LCONTROL;

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    KLOG("DriverEntry %wZ", RegistryPath);

    for (ULONG i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = Filter::DispatchPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_PNP]                     = Filter::DispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]                   = Filter::DispatchPower;
    DriverObject->MajorFunction[IRP_MJ_INTERNAL_DEVICE_CONTROL] = Filter::DispatchInternalIoctl;

    DriverObject->DriverExtension->AddDevice = Filter::AddDevice;
    DriverObject->DriverUnload = Filter::Unload;

    // settings are optional, a bad value just means the default mapping
    NTSTATUS status = Filter::ReadSettings(RegistryPath);
    if (!NT_SUCCESS(status)) {
        KLOG("using default mapping (0x%08X)", status);
    }
    KLOG("remap %02X -> %02X", Filter::s_RemapFrom, Filter::s_RemapTo);

    return STATUS_SUCCESS;
}

NTSTATUS Filter::ReadSettings(PUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE key = nullptr;

    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE,
                               nullptr, nullptr);
    NTSTATUS status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    auto readDword = [key](PCWSTR name, ULONG& out) -> NTSTATUS {
        UCHAR buf[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
        auto info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(buf);
        UNICODE_STRING vn;
        ULONG len = 0;
        RtlInitUnicodeString(&vn, name);
        NTSTATUS st = ZwQueryValueKey(key, &vn, KeyValuePartialInformation, info, sizeof(buf), &len);
        if (NT_SUCCESS(st)) {
            if (info->Type == REG_DWORD && info->DataLength == sizeof(ULONG)) {
                out = *reinterpret_cast<PULONG>(info->Data);
            } else {
                st = STATUS_OBJECT_TYPE_MISMATCH;
            }
        }
        return st;
    };

    ULONG from = s_RemapFrom, to = s_RemapTo;
    status = readDword(L"RemapFrom", from);
    if (NT_SUCCESS(status)) {
        status = readDword(L"RemapTo", to);
    }
    if (NT_SUCCESS(status) && from < 0x80 && to < 0x80) {
        s_RemapFrom = from;
        s_RemapTo   = to;
    }

    ZwClose(key);
    return status;
}

NTSTATUS Filter::AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT fdo = nullptr;

    NTSTATUS status = IoCreateDevice(DriverObject,
                                     sizeof(FilterExt),
                                     nullptr,
                                     FILE_DEVICE_KEYBOARD,
                                     0,
                                     FALSE,
                                     &fdo);
    if (!NT_SUCCESS(status)) {
        KLOG("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    auto ext = Ext(fdo);
    RtlZeroMemory(ext, sizeof(FilterExt));
    ext->Self = fdo;
    ext->Pdo  = Pdo;
    IoInitializeRemoveLock(&ext->RemoveLock, CAPS_TAG, 0, 0);

    ext->Lower = IoAttachDeviceToDeviceStack(fdo, Pdo);
    if (ext->Lower == nullptr) {
        KLOG0("IoAttachDeviceToDeviceStack returned NULL");
        return STATUS_NO_SUCH_DEVICE;
    }

    // same buffering/power flags as whoever is below us
    fdo->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    fdo->DeviceType      = ext->Lower->DeviceType;
    fdo->Characteristics = ext->Lower->Characteristics;

    KLOG("AddDevice: fdo %p on %p (pdo %p)", fdo, ext->Lower, Pdo);
    return STATUS_SUCCESS;
}

VOID Filter::Unload(PDRIVER_OBJECT DriverObject)
{
    // PnP already removed every device by the time we get here
    UNREFERENCED_PARAMETER(DriverObject);
    NT_ASSERT(DriverObject->DeviceObject == nullptr);
    KLOG0("unload");
}
