/*
 * driver.c - DriverEntry and driver-wide configuration for ThermSim.
 */
#include "thermsim.h"

static VOID TsLoadParameters(_In_ WDFDRIVER Driver);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, TsLoadParameters)
#pragma alloc_text(PAGE, TsEvtDeviceAdd)
#pragma alloc_text(PAGE, TsEvtDriverContextCleanup)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER driver;
    NTSTATUS status;

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, TS_DRIVER_CONTEXT);
    attributes.EvtCleanupCallback = TsEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, TsEvtDeviceAdd);
    config.DriverPoolTag = TS_POOL_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             &attributes,
                             &config,
                             &driver);
    if (TS_FAILED(status)) {
        TsLog(DPFLTR_ERROR_LEVEL, "WdfDriverCreate failed 0x%08X", status);
        return status;
    }

    //
    // Parameters are optional; every value has a built-in default, so a
    // missing or malformed Parameters key never fails the load.
    //
    TsLoadParameters(driver);

    TsLog(DPFLTR_INFO_LEVEL, "loaded, period %lu ms", TsGetDriverContext(driver)->SamplePeriodMs);
    return status;
}

static VOID
TsLoadParameters(
    _In_ WDFDRIVER Driver
    )
{
    DECLARE_CONST_UNICODE_STRING(periodName, L"SamplePeriodMs");
    DECLARE_CONST_UNICODE_STRING(thresholdName, L"DefaultThresholdMilliC");
    PTS_DRIVER_CONTEXT ctx = TsGetDriverContext(Driver);
    WDFKEY key = NULL;
    ULONG value;
    NTSTATUS status;

    PAGED_CODE();

    ctx->SamplePeriodMs = TS_DEFAULT_PERIOD_MS;
    ctx->DefaultThresholdMilliC = TS_DEFAULT_THRESHOLD_MC;

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (TS_FAILED(status)) {
        TsLog(DPFLTR_INFO_LEVEL, "no Parameters key (0x%08X), using defaults", status);
        return;
    }

    status = WdfRegistryQueryULong(key, &periodName, &value);
    if (TS_SUCCEEDED(status) && value >= TS_MIN_PERIOD_MS && value <= TS_MAX_PERIOD_MS) {
        ctx->SamplePeriodMs = value;
    }

    status = WdfRegistryQueryULong(key, &thresholdName, &value);
    if (TS_SUCCEEDED(status) &&
        (LONG)value >= THERMSIM_MIN_THRESHOLD_MC &&
        (LONG)value <= THERMSIM_MAX_THRESHOLD_MC) {
        ctx->DefaultThresholdMilliC = (LONG)value;
    }

    WdfRegistryClose(key);
}

NTSTATUS
TsEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    UNREFERENCED_PARAMETER(Driver);

    PAGED_CODE();

    return TsCreateDevice(DeviceInit);
}

VOID
TsEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    PAGED_CODE();

    TsLog(DPFLTR_INFO_LEVEL, "driver object %p cleaned up", DriverObject);
}
