/*
 * driver.c - DriverEntry and driver-wide state for the FX2 light bar.
 */
#include "lightbar.h"
#include "driver.tmh"

LB_GLOBALS LbGlobals = { LB_DEFAULT_PATTERN, TRUE };

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LbEvtDriverContextCleanup)
#endif

static VOID
LbReadParameters(
    _In_ WDFDRIVER Driver
    )
{
    WDFKEY key = NULL;
    ULONG value = 0;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(patternName, L"DefaultPattern");
    DECLARE_CONST_UNICODE_STRING(blankName, L"BlankOnExit");

    status = WdfDriverOpenParametersRegistryKey(Driver,
                                                KEY_READ,
                                                WDF_NO_OBJECT_ATTRIBUTES,
                                                &key);
    if (!NT_SUCCESS(status)) {
        // no Parameters key is fine, the defaults stay
        TraceEvents(TRACE_LEVEL_VERBOSE, DBG_INIT,
                    "no Parameters key (%!STATUS!), using defaults", status);
        return;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &patternName, &value))) {
        LbGlobals.DefaultPattern = value & 0xFF;
    }
    if (NT_SUCCESS(WdfRegistryQueryULong(key, &blankName, &value))) {
        LbGlobals.BlankOnExit = (value != 0);
    }

    WdfRegistryClose(key);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG       config;
    WDF_OBJECT_ATTRIBUTES   attributes;
    WDFDRIVER               driver;
    NTSTATUS                status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT,
                "LightBar DriverEntry, built %s %s", __DATE__, __TIME__);

    WDF_DRIVER_CONFIG_INIT(&config, LbEvtDeviceAdd);
    config.DriverPoolTag = LB_POOL_TAG;

    //
    // The cleanup callback on the driver object is where tracing gets
    // torn down, the framework runs it whenever the driver object goes.
    //
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = LbEvtDriverContextCleanup;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             &attributes,
                             &config,
                             &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT,
                    "WdfDriverCreate failed %!STATUS!", status);
        return status;
    }

    LbReadParameters(driver);

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT,
                "pattern 0x%02x blank-on-exit %d",
                LbGlobals.DefaultPattern, LbGlobals.BlankOnExit);

    return STATUS_SUCCESS;
}

VOID
LbEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "LightBar driver cleanup");

    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}
