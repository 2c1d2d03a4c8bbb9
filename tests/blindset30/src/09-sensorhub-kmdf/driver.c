// driver.c - DriverEntry and driver-wide cleanup

#include "driver.h"
#include "driver.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ShEvtDriverContextCleanup)
#endif

SH_DRIVER_GLOBALS ShGlobals;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;

    WPP_INIT_TRACING(DriverObject, RegistryPath);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    status = ExInitializeLookasideListEx(&ShGlobals.SampleLookaside, NULL, NULL, NonPagedPoolNx,
                                         0, sizeof(SH_SAMPLE_ENTRY), SH_POOL_TAG, 0);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "lookaside init failed %!STATUS!", status);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    // The cleanup callback owns the lookaside list and WPP from here on.
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = ShEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, ShEvtDeviceAdd);
    config.DriverPoolTag = SH_POOL_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", status);
        ExDeleteLookasideListEx(&ShGlobals.SampleLookaside);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Exit");

    return STATUS_SUCCESS;
}

VOID
ShEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    ExDeleteLookasideListEx(&ShGlobals.SampleLookaside);

    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}
