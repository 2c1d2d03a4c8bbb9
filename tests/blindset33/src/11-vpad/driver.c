/*++
Module Name:
    driver.c

Abstract:
    DriverEntry and driver-wide parameters for vpad.
--*/
#include "vpad.h"

VPAD_PARAMETERS g_VpadParams = { VPAD_DEFAULT_INTERVAL_MS };

static NTSTATUS VpadReadParameters(_In_ WDFDRIVER Driver);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, VpadReadParameters)
#endif

//
// Parameters\ReportIntervalMs (REG_DWORD, 4..1000). Missing or invalid
// values leave the default in place.
//
static NTSTATUS
VpadReadParameters(_In_ WDFDRIVER Driver)
{
    DECLARE_CONST_UNICODE_STRING(valueName, L"ReportIntervalMs");
    WDFKEY key = NULL;
    ULONG value = 0;
    NTSTATUS status;

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfRegistryQueryULong(key, &valueName, &value);
    if (NT_SUCCESS(status) && value >= 4 && value <= 1000) {
        g_VpadParams.ReportIntervalMs = value;
    }

    WdfRegistryClose(key);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, VpadEvtDeviceAdd);
    config.DriverPoolTag = VPAD_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        VPAD_LOG("WdfDriverCreate failed 0x%08X", status);
        return status;
    }

    status = VpadReadParameters(driver);
    if (!NT_SUCCESS(status)) {
        // not fatal: run with defaults
        VPAD_LOG("no Parameters key (0x%08X), using %lu ms", status, g_VpadParams.ReportIntervalMs);
    }

    return STATUS_SUCCESS;
}
