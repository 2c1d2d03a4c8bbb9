/*
 * driver.c - DriverEntry of the KeyRemap filter.
 */
#include "keyremap.h"
#include "driver.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, KrEvtDriverContextCleanup)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG       config;
    WDF_OBJECT_ATTRIBUTES   attributes;
    WDFDRIVER               driver;
    PKR_DRIVER_CONTEXT      ctx;
    NTSTATUS                status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "KeyRemap built %s %s", __DATE__, __TIME__);

    //
    // The cleanup callback on the driver object stops WPP. It runs when the
    // driver object is deleted, which is also what happens if anything
    // after WdfDriverCreate fails, so from here on no explicit WPP_CLEANUP.
    //
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, KR_DRIVER_CONTEXT);
    attributes.EvtCleanupCallback = KrEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, KrEvtDeviceAdd);
    config.DriverPoolTag = KR_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", status);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    ctx = KrGetDriverContext(driver);

    //
    // Children of the driver object: deleted with it, whether DriverEntry
    // fails below or the driver unloads later.
    //
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = driver;

    status = WdfWaitLockCreate(&attributes, &ctx->DeviceListLock);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfWaitLockCreate failed %!STATUS!", status);
        return status;
    }

    status = WdfCollectionCreate(&attributes, &ctx->FilterDevices);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfCollectionCreate failed %!STATUS!", status);
        return status;
    }

    status = WdfSpinLockCreate(&attributes, &ctx->RemapLock);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfSpinLockCreate failed %!STATUS!", status);
        return status;
    }

    //
    // The remap table is optional: with no table the filter passes keys
    // through unchanged, so a bad or missing value is not fatal.
    //
    status = KrLoadRemapTable(driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_WARNING, TRACE_DRIVER,
                    "no remap table (%!STATUS!), pass-through mode", status);
        status = STATUS_SUCCESS;
    }

    return status;
}

VOID
KrEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "driver cleanup");

    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}
