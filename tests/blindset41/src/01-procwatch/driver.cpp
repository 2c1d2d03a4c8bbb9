//
// procwatch.sys - process / thread / image load monitor
//
#include "common.h"
#include "Raii.h"
#include "Tracker.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD PwUnload;

namespace {

struct PwConfig {
    bool  TrackImages;
    ULONG Verbosity;
};

PwConfig g_Config = { true, 1 };
bool     g_ImageNotifyRegistered = false;

constexpr ULONG kValueBufferSize = sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG);

[[nodiscard]] NTSTATUS QueryDword(HANDLE Key, PCWSTR Name, ULONG& Value)
{
    UNICODE_STRING valueName;
    RtlInitUnicodeString(&valueName, Name);

    UCHAR buffer[kValueBufferSize] = {};
    ULONG resultLength = 0;
    auto info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(buffer);

    RETURN_IF_NT_FAILED(ZwQueryValueKey(Key, &valueName, KeyValuePartialInformation,
                                        info, sizeof(buffer), &resultLength));
    RETURN_NT_IF(info->Type != REG_DWORD || info->DataLength != sizeof(ULONG),
                 STATUS_OBJECT_TYPE_MISMATCH);

    Value = *reinterpret_cast<ULONG*>(info->Data);
    return STATUS_SUCCESS;
}

[[nodiscard]] NTSTATUS ReadConfig(PUNICODE_STRING RegistryPath)
{
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE, nullptr, nullptr);

    pw::UniqueHandle key;
    RETURN_IF_NT_FAILED(ZwOpenKey(key.put(), KEY_READ, &oa));

    ULONG value = 0;
    if (NT_SUCCESS(QueryDword(key.get(), L"TrackImages", value))) {
        g_Config.TrackImages = (value != 0);
    }
    if (NT_SUCCESS(QueryDword(key.get(), L"Verbosity", value))) {
        g_Config.Verbosity = value;
    }
    return STATUS_SUCCESS;
}

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PwInfo("DriverEntry %wZ (built " __DATE__ " " __TIME__ ")", RegistryPath);

    if (auto status = ReadConfig(RegistryPath); !NT_SUCCESS(status)) {
        PwWarn("no config (0x%08X), using defaults", status);
    }

    RETURN_IF_NT_FAILED(ProcessTracker::Initialize());
    auto trackerGuard = pw::MakeScopeExit([] { ProcessTracker::Shutdown(); });

    RETURN_IF_NT_FAILED(PsSetCreateProcessNotifyRoutineEx(ProcessTracker::OnProcessNotify, FALSE));
    auto processGuard = pw::MakeScopeExit([] {
        PsSetCreateProcessNotifyRoutineEx(ProcessTracker::OnProcessNotify, TRUE);
    });

    RETURN_IF_NT_FAILED(PsSetCreateThreadNotifyRoutine(ProcessTracker::OnThreadNotify));
    // process + thread callbacks are a pair, PwUnload takes them down together
    processGuard.Dismiss();
    auto threadGuard = pw::MakeScopeExit([] {
        PsRemoveCreateThreadNotifyRoutine(ProcessTracker::OnThreadNotify);
    });

    if (g_Config.TrackImages) {
        RETURN_IF_NT_FAILED(PsSetLoadImageNotifyRoutine(ProcessTracker::OnImageNotify));
        g_ImageNotifyRegistered = true;
    }

    threadGuard.Dismiss();
    trackerGuard.Dismiss();

    DriverObject->DriverUnload = PwUnload;

    PwInfo("loaded (images=%d verbosity=%lu)", g_Config.TrackImages, g_Config.Verbosity);
    return STATUS_SUCCESS;
}

static void PwUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_ImageNotifyRegistered) {
        PsRemoveLoadImageNotifyRoutine(ProcessTracker::OnImageNotify);
        g_ImageNotifyRegistered = false;
    }

    PsRemoveCreateThreadNotifyRoutine(ProcessTracker::OnThreadNotify);
    PsSetCreateProcessNotifyRoutine(
        reinterpret_cast<PCREATE_PROCESS_NOTIFY_ROUTINE>(ProcessTracker::OnProcessNotify), TRUE);

    const LONG left = ProcessTracker::Count();
    ProcessTracker::Shutdown();

    PwInfo("unloaded, dropped %ld entries", left);
}
