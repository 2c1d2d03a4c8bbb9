/*
 * Driver.c - Blinky: started life as the KMDF "hello world", now a periodic
 * timer that schedules a work item which toggles a (pretend) LED.
 */
#include "Driver.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, BlinkyEvtDeviceAdd)
#pragma alloc_text(PAGE, BlinkyEvtDriverContextCleanup)
#endif

BLINKY_SETTINGS g_Settings = { BLINKY_DEFAULT_PERIOD_MS, 0 };

static VOID BlinkyReadSettings(_In_ WDFDRIVER Driver)
{
    WDFKEY key;
    NTSTATUS status;
    ULONG value;
    DECLARE_CONST_UNICODE_STRING(periodName, L"PeriodMs");
    DECLARE_CONST_UNICODE_STRING(verboseName, L"Verbose");

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        // no Parameters key is normal on a fresh install
        TraceEvents(BLINKY_LOG_INFO, "no Parameters key (0x%08X), using defaults", status);
        return;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &periodName, &value)) && value >= BLINKY_MIN_PERIOD_MS) {
        g_Settings.PeriodMs = value;
    }
    if (NT_SUCCESS(WdfRegistryQueryULong(key, &verboseName, &value))) {
        g_Settings.Verbose = value;
    }
    WdfRegistryClose(key);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER driver;
    NTSTATUS status;

    TraceEvents(BLINKY_LOG_INFO, "DriverEntry %s %s", __DATE__, __TIME__);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = BlinkyEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, BlinkyEvtDeviceAdd);
    config.DriverPoolTag = 'knlB';

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(BLINKY_LOG_ERROR, "WdfDriverCreate failed 0x%08X", status);
        return status;
    }

    BlinkyReadSettings(driver);

#if DBG
    if (g_Settings.Verbose > 1) {
        // lets a debugger attach before the first device shows up
        DbgBreakPoint();
    }
#endif

    return status;
}

NTSTATUS
BlinkyEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    return BlinkyCreateDevice(DeviceInit);
}

VOID
BlinkyEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    TraceEvents(BLINKY_LOG_INFO, "driver cleanup%s", "");
}
