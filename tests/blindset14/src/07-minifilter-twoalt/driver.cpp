// driver.cpp - TwoAlt entry point
//
// Every step that succeeds arms a guard that undoes it; the guards run in
// reverse order on any early return and are dismissed once we are loaded.
// After that the filter's unload callback owns the teardown.
#include "Filter.h"
#include "InstanceKeys.h"
#include "ScopeExit.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace twoalt {

// RegistryPath only lives as long as DriverEntry; unload needs its own copy
static UNICODE_STRING g_ServiceKey;

static NTSTATUS CopyServiceKey(PCUNICODE_STRING source)
{
    g_ServiceKey.Buffer = static_cast<PWCH>(ExAllocatePool2(POOL_FLAG_PAGED, source->Length, kTag));
    if (g_ServiceKey.Buffer == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(g_ServiceKey.Buffer, source->Buffer, source->Length);
    g_ServiceKey.Length = source->Length;
    g_ServiceKey.MaximumLength = source->Length;
    return STATUS_SUCCESS;
}

static void FreeServiceKey()
{
    if (g_ServiceKey.Buffer) {
        ExFreePoolWithTag(g_ServiceKey.Buffer, kTag);
        g_ServiceKey.Buffer = nullptr;
        g_ServiceKey.Length = g_ServiceKey.MaximumLength = 0;
    }
}

void OnFilterUnload()
{
    RemoveInstanceKeys(&g_ServiceKey);
    FreeServiceKey();
}

} // namespace twoalt

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    using namespace twoalt;

    NTSTATUS status = CopyServiceKey(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto freeKey = OnExit([] { FreeServiceKey(); });

    status = WriteInstanceKeys(&g_ServiceKey);
    auto removeKeys = OnExit([] { RemoveInstanceKeys(&g_ServiceKey); });   // also after a partial write
    if (!NT_SUCCESS(status)) {
        KdPrint(("twoalt: instance keys 0x%08X\n", status));
        return status;
    }

    status = Filter::Register(DriverObject);
    if (!NT_SUCCESS(status)) {
        KdPrint(("twoalt: FltRegisterFilter 0x%08X\n", status));
        return status;
    }
    auto unregister = OnExit([] { Filter::Unregister(); });

    status = Filter::OpenPort();
    if (!NT_SUCCESS(status)) {
        KdPrint(("twoalt: port 0x%08X\n", status));
        return status;
    }
    auto closePort = OnExit([] { Filter::ClosePort(); });

    status = Filter::Start();
    if (!NT_SUCCESS(status)) {
        KdPrint(("twoalt: FltStartFiltering 0x%08X\n", status));
        return status;
    }

    closePort.Dismiss();
    unregister.Dismiss();
    removeKeys.Dismiss();
    freeKey.Dismiss();
    return STATUS_SUCCESS;
}
