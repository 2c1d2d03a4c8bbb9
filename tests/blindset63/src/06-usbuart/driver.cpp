//
// driver.cpp - DriverEntry / unload / display power-setting hook
//
#include <initguid.h>
#include "usbuart.h"

UART_STATS  UartDriver::s_Stats = {};
PVOID       UartDriver::s_PowerSettingHandle = nullptr;
WDFDEVICE   UartDriver::s_ControlDevice = nullptr;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

//
// Console display on/off. We only remember it; the D0 path and the
// activity LED logic look at s_Stats.DisplayOn.
//
_Use_decl_annotations_
NTSTATUS
UartDriver::DisplayStateCallback(LPCGUID SettingGuid, PVOID Value, ULONG ValueLength, PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);

    if (!IsEqualGUID(*SettingGuid, GUID_CONSOLE_DISPLAY_STATE) || ValueLength < sizeof(ULONG)) {
        return STATUS_SUCCESS;
    }

    // 0 = off, 1 = on, 2 = dimmed
    ULONG state = *static_cast<PULONG>(Value);
    InterlockedExchange(&s_Stats.DisplayOn, state != 0 ? 1 : 0);
    return STATUS_SUCCESS;
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS            status;
    WDF_DRIVER_CONFIG   config;

    DBG("DriverEntry %wZ", RegistryPath);

    UartDriver::s_Stats.DisplayOn = 1;

    //
    // Not fatal: without it the LED simply never dims.
    //
    status = PoRegisterPowerSettingCallback(nullptr,
                                            &GUID_CONSOLE_DISPLAY_STATE,
                                            UartDriver::DisplayStateCallback,
                                            nullptr,
                                            &UartDriver::s_PowerSettingHandle);
    if (!NT_SUCCESS(status)) {
        DBG("PoRegisterPowerSettingCallback 0x%08X (ignored)", status);
        UartDriver::s_PowerSettingHandle = nullptr;
    }

    WDF_DRIVER_CONFIG_INIT(&config, UartDriver::EvtDeviceAdd);
    config.EvtDriverUnload = UartDriver::EvtDriverUnload;
    config.DriverPoolTag   = UART_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        DBG("WdfDriverCreate 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
UartDriver::EvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    DBG("unload, %lld bytes in / %lld bytes out", s_Stats.BytesIn, s_Stats.BytesOut);

    if (s_PowerSettingHandle != nullptr) {
        PoUnregisterPowerSettingCallback(s_PowerSettingHandle);
        s_PowerSettingHandle = nullptr;
    }
}
