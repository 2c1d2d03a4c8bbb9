//
// driver.cpp - ObGuard entry points and registry helpers.
//
#include "obguard.h"

using namespace obguard;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD         ObGuardUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

namespace obguard {

NTSTATUS
Config::ReadString(_In_ PCUNICODE_STRING RegistryPath, _In_ PCWSTR Name,
                   _Inout_ WStrPtr& Storage, _Inout_ PUNICODE_STRING Value)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE            key = nullptr;
    UNICODE_STRING    valueName;
    ULONG             needed = 0;

    InitializeObjectAttributes(&oa, const_cast<PUNICODE_STRING>(RegistryPath),
                               OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);
    NTSTATUS status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&valueName, Name);
    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, nullptr, 0, &needed);
    if (status != STATUS_BUFFER_TOO_SMALL && status != STATUS_BUFFER_OVERFLOW) {
        ZwClose(key);
        return status;
    }

    PoolPtr<KEY_VALUE_PARTIAL_INFORMATION, OG_TAG> info(
        static_cast<PKEY_VALUE_PARTIAL_INFORMATION>(ExAllocatePool2(POOL_FLAG_PAGED, needed, OG_TAG)));
    if (!info) {
        ZwClose(key);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation, info.get(), needed, &needed);
    ZwClose(key);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (info.get()->Type != REG_SZ || info.get()->DataLength < 2 * sizeof(WCHAR) ||
        info.get()->DataLength > UNICODE_STRING_MAX_BYTES) {
        return STATUS_OBJECT_TYPE_MISMATCH;
    }

    const ULONG cb = info.get()->DataLength;
    PWCHAR buf = static_cast<PWCHAR>(ExAllocatePool2(POOL_FLAG_PAGED, cb + sizeof(WCHAR), OG_TAG));
    if (buf == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(buf, info.get()->Data, cb);
    Storage.reset(buf);

    RtlInitUnicodeString(Value, buf);
    return STATUS_SUCCESS;
}

} // namespace obguard

static void
ObGuardUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    OG_LOG("unloading");

    // handle callbacks consult the tracker, so they go first
    ObFilter::Unregister();
    ProcessTracker::Shutdown();
}

extern "C"
NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WStrPtr        imageStorage;
    UNICODE_STRING image = RTL_CONSTANT_STRING(OG_DEFAULT_IMAGE);

    NTSTATUS status = Config::ReadString(RegistryPath, L"ProtectedImage", imageStorage, &image);
    if (!NT_SUCCESS(status) && status != STATUS_OBJECT_NAME_NOT_FOUND) {
        OG_LOG("ProtectedImage: 0x%08X", status);
        return status;
    }

    status = ProcessTracker::Initialize(&image);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WStrPtr        altitudeStorage;
    UNICODE_STRING altitude = RTL_CONSTANT_STRING(OG_DEFAULT_ALTITUDE);
    (void)Config::ReadString(RegistryPath, L"Altitude", altitudeStorage, &altitude);

    status = ObFilter::Register(&altitude);
    if (!NT_SUCCESS(status)) {
        OG_LOG("ObRegisterCallbacks(%wZ) 0x%08X", &altitude, status);
        if (altitudeStorage) {
            ExFreePoolWithTag(altitudeStorage.get(), OG_TAG);
        }
        ProcessTracker::Shutdown();
        return status;
    }

    DriverObject->DriverUnload = ObGuardUnload;
    OG_LOG("protecting '%wZ' at altitude %wZ", &image, &altitude);
    return STATUS_SUCCESS;
}
