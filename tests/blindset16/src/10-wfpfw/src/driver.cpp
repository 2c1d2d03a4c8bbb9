// driver.cpp - DriverEntry / EvtDriverUnload and configuration.
//
// Copyright (c) wfpfw authors. MIT License.

#include <initguid.h>
#include "wfpfw.h"

namespace fw {

DriverState* g_State = nullptr;

NTSTATUS LoadConfig(_In_ WDFDRIVER Driver, _Out_ Config* config)
{
    RtlZeroMemory(config, sizeof(*config));
    config->EnableV6 = true;

    WDFKEY key;
    NTSTATUS status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        return STATUS_SUCCESS;
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto closeKey = MakeScopeExit([&] { WdfRegistryClose(key); });

    ULONG value = 0;
    DECLARE_CONST_UNICODE_STRING(logOnlyName, L"LogOnly");
    if (NT_SUCCESS(WdfRegistryQueryULong(key, &logOnlyName, &value))) {
        config->LogOnly = (value != 0);
    }

    DECLARE_CONST_UNICODE_STRING(v6Name, L"EnableIPv6");
    if (NT_SUCCESS(WdfRegistryQueryULong(key, &v6Name, &value))) {
        config->EnableV6 = (value != 0);
    }

    // BlockedPorts is REG_BINARY: an array of little-endian USHORTs.
    DECLARE_CONST_UNICODE_STRING(portsName, L"BlockedPorts");
    ULONG length = 0;
    ULONG type = 0;
    status = WdfRegistryQueryValue(key, &portsName, sizeof(config->BlockedPorts),
                                   config->BlockedPorts, &length, &type);
    if (NT_SUCCESS(status) && type == REG_BINARY) {
        config->BlockedPortCount = length / sizeof(USHORT);
    } else {
        config->BlockedPortCount = 0;
    }

    return STATUS_SUCCESS;
}

} // namespace fw

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD FwEvtDriverUnload;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FwEvtDriverUnload)
#endif

static void FwEvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);

    PAGED_CODE();

    FW_LOG("unloading");

    // ~DriverState closes the session, unregisters callouts, deletes the
    // control device, in that order.
    delete fw::g_State;
    fw::g_State = nullptr;
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = FwEvtDriverUnload;
    config.DriverPoolTag = FW_TAG;

    WDFDRIVER driver = nullptr;
    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        FW_ERR("WdfDriverCreate 0x%08X", status);
        return status;
    }

    auto* state = new (NonPagedPoolNx) fw::DriverState();
    if (state == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    auto freeState = fw::MakeScopeExit([&] { delete state; });

    status = fw::LoadConfig(driver, &state->Cfg);
    if (!NT_SUCCESS(status)) {
        FW_ERR("LoadConfig 0x%08X", status);
        return status;
    }

    status = state->Device.Create(driver);
    if (!NT_SUCCESS(status)) {
        FW_ERR("control device 0x%08X", status);
        return status;
    }

    status = state->Callouts.Register(state->Device.Wdm(), state->Cfg);
    if (!NT_SUCCESS(status)) {
        FW_ERR("callout registration 0x%08X", status);
        return status;
    }

    status = state->Engine.Open();
    if (!NT_SUCCESS(status)) {
        FW_ERR("FwpmEngineOpen 0x%08X", status);
        return status;
    }

    status = fw::AddFilteringObjects(state->Engine.Get(), state->Cfg);
    if (!NT_SUCCESS(status)) {
        FW_ERR("AddFilteringObjects 0x%08X", status);
        return status;
    }

    state->Device.FinishInitializing();

    freeState.Dismiss();
    fw::g_State = state;

    FW_LOG("running: %lu blocked port(s)%s", state->Cfg.BlockedPortCount,
           state->Cfg.LogOnly ? " (log only)" : "");
    return STATUS_SUCCESS;
}
