// main.cpp - kdhelp entry points and configuration.
//
// Copyright (c) kdhelp contributors. Apache-2.0.

#include "kdhelp.hpp"

namespace kd {

GlobalState* g_State = nullptr;

namespace {

ULONG QueryDword(_In_ HANDLE key, _In_ PCWSTR name, ULONG fallback)
{
    UNICODE_STRING valueName;
    RtlInitUnicodeString(&valueName, name);

    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)] = {};
    auto* info = reinterpret_cast<PKEY_VALUE_PARTIAL_INFORMATION>(buffer);
    ULONG returned = 0;

    NTSTATUS status = ZwQueryValueKey(key, &valueName, KeyValuePartialInformation,
                                      info, sizeof(buffer), &returned);
    if (!NT_SUCCESS(status) || info->Type != REG_DWORD || info->DataLength != sizeof(ULONG)) {
        return fallback;
    }
    return *reinterpret_cast<PULONG>(info->Data);
}

} // namespace

NTSTATUS LoadConfig(_In_ PUNICODE_STRING RegistryPath, _Out_ Config* config)
{
    *config = Config{};

    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, RegistryPath, OBJ_CASE_INSENSITIVE | OBJ_KERNEL_HANDLE, nullptr, nullptr);

    HANDLE key = nullptr;
    NTSTATUS status = ZwOpenKey(&key, KEY_READ, &oa);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    config->CaptureDbgPrint = QueryDword(key, L"CaptureDbgPrint", 1) != 0;
    config->SecondaryDump = QueryDword(key, L"SecondaryDump", 1) != 0;
    config->AllowBreak = QueryDword(key, L"AllowBreak", 0) != 0;

    ULONG ring = QueryDword(key, L"RingSizeKB", 64);
    if (ring < 4 || ring > 4096) {
        ring = 64;
    }
    config->RingSize = ring * 1024;

    ZwClose(key);
    return STATUS_SUCCESS;
}

} // namespace kd

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD KdhUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KdhUnload)
#endif

static void KdhUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    KDH_LOG("unloading");

    kd::UniquePtr<kd::GlobalState> state(kd::g_State);
    kd::g_State = nullptr;
    // ~GlobalState: capture off, bug check callback off, link, device.
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    kd::UniquePtr<kd::GlobalState> state(new (NonPagedPoolNx) kd::GlobalState());
    if (!state) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = kd::LoadConfig(RegistryPath, &state->Cfg);
    if (!NT_SUCCESS(status)) {
        KDH_ERR("LoadConfig 0x%08X", status);
        return status;
    }

    status = kd::CreateControlDevice(DriverObject, state.Get());
    if (!NT_SUCCESS(status)) {
        KDH_ERR("CreateControlDevice 0x%08X", status);
        return status;
    }

    if (state->Cfg.SecondaryDump) {
        status = state->BugCheck.Register();
        if (!NT_SUCCESS(status)) {
            KDH_ERR("bug check callback 0x%08X", status);
            return status;
        }
    }

    if (state->Cfg.CaptureDbgPrint) {
        status = state->Capture.Start(state->Cfg.RingSize);
        if (!NT_SUCCESS(status)) {
            KDH_ERR("DbgPrint capture 0x%08X", status);
            return status;
        }
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = kd::DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = kd::DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = kd::DispatchDeviceControl;
    DriverObject->DriverUnload = KdhUnload;

    kd::g_State = state.Release();
    KDH_LOG("ready (capture=%d dump=%d break=%d)", kd::g_State->Cfg.CaptureDbgPrint,
            kd::g_State->Cfg.SecondaryDump, kd::g_State->Cfg.AllowBreak);
    return STATUS_SUCCESS;
}
