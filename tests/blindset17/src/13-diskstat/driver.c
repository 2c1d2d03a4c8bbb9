/*++

Module Name:

    driver.c

Abstract:

    DriverEntry and driver-wide state for diskstat.sys.

--*/
#include "diskstat.h"
#include "driver.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, DsEvtDriverContextCleanup)
#endif

static NTSTATUS
DsReadParameters(
    _In_ WDFDRIVER Driver,
    _Out_ PDS_PARAMETERS Params
    )
{
    DECLARE_CONST_UNICODE_STRING(enabledName, L"Enabled");
    DECLARE_CONST_UNICODE_STRING(latencyName, L"TrackLatency");
    WDFKEY key;
    NTSTATUS status;

    Params->Enabled = 1;
    Params->TrackLatency = 1;

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfRegistryQueryULong(key, &enabledName, &Params->Enabled);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        status = STATUS_SUCCESS;
    }
    if (NT_SUCCESS(status)) {
        status = WdfRegistryQueryULong(key, &latencyName, &Params->TrackLatency);
        if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
            status = STATUS_SUCCESS;
        }
    }

    WdfRegistryClose(key);
    return status;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    PDRIVER_CONTEXT ctx;
    WDFDRIVER driver;
    NTSTATUS status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    //
    // Register a cleanup callback so that we can call WPP_CLEANUP when the
    // framework driver object is deleted, at unload or when this routine
    // fails after the driver object exists.
    //
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DRIVER_CONTEXT);
    attributes.EvtCleanupCallback = DsEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, DsEvtDeviceAdd);
    config.DriverPoolTag = DS_POOL_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", status);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    ctx = DsGetDriverContext(driver);

    status = DsReadParameters(driver, &ctx->Params);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_WARNING, TRACE_DRIVER,
                    "no Parameters key (%!STATUS!), counting everything", status);
        ctx->Params.Enabled = 1;
        ctx->Params.TrackLatency = 1;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = driver;

    status = WdfCollectionCreate(&attributes, &ctx->Devices);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfCollectionCreate failed %!STATUS!", status);
        return status;
    }

    status = WdfWaitLockCreate(&attributes, &ctx->DevicesLock);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfWaitLockCreate failed %!STATUS!", status);
        return status;
    }

    status = ExInitializeLookasideListEx(&ctx->RequestLookaside,
                                         NULL,
                                         NULL,
                                         NonPagedPoolNx,
                                         0,
                                         sizeof(DS_REQUEST_CONTEXT),
                                         DS_POOL_TAG,
                                         0);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "lookaside failed %!STATUS!", status);
        return status;
    }
    ctx->LookasideInitialized = TRUE;

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Exit");
    return STATUS_SUCCESS;
}

VOID
DsEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    PDRIVER_CONTEXT ctx = DsGetDriverContext((WDFDRIVER)DriverObject);

    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    if (ctx->LookasideInitialized) {
        ExDeleteLookasideListEx(&ctx->RequestLookaside);
        ctx->LookasideInitialized = FALSE;
    }

    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}
