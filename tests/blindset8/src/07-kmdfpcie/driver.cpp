// driver.cpp - pcdaq DriverEntry and driver-object cleanup.
//
// WPP is started first so that WdfDriverCreate failures can be traced.
// Until the WDFDRIVER exists nobody else will stop WPP, hence the guard;
// once it exists, PcdEvtDriverContextCleanup owns WPP_CLEANUP.

#include "pcdaq.h"
#include "driver.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, PcdEvtDriverContextCleanup)
#endif

static void
PcdCreateDescriptorLookaside(_In_ WDFDRIVER Driver)
{
    auto ctx = PcdGetDriverContext(Driver);
    WDF_OBJECT_ATTRIBUTES attributes;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Driver;

    NTSTATUS status = WdfLookasideListCreate(&attributes,
                                             PCD_DESCRIPTOR_SIZE,
                                             NonPagedPoolNx,
                                             WDF_NO_OBJECT_ATTRIBUTES,
                                             PCD_POOL_TAG,
                                             &ctx->DescriptorLookaside);
    if (!NT_SUCCESS(status)) {
        // Not fatal: the DMA path allocates descriptors from pool when
        // there is no lookaside.
        TraceEvents(TRACE_LEVEL_WARNING, TRACE_DRIVER,
                    "descriptor lookaside unavailable %!STATUS!, using pool", status);
        ctx->DescriptorLookaside = nullptr;
    }
}

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WPP_INIT_TRACING(DriverObject, RegistryPath);
    auto stopTracing = MakeScopeExit([DriverObject]() { WPP_CLEANUP(DriverObject); });

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "pcdaq built %s %s", __DATE__, __TIME__);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DRIVER_CONTEXT);
    attributes.EvtCleanupCallback = PcdEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, PcdEvtDeviceAdd);
    config.DriverPoolTag = PCD_POOL_TAG;

    WDFDRIVER driver;
    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", status);
        return status;
    }

    // The driver object's cleanup callback stops WPP from here on.
    stopTracing.Dismiss();

    PcdCreateDescriptorLookaside(driver);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "DriverEntry done");
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
PcdEvtDriverContextCleanup(
    WDFOBJECT DriverObject
    )
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "driver cleanup");

    // Children (the lookaside) are already gone by now.
    WPP_CLEANUP(WdfDriverWdmGetDriverObject(static_cast<WDFDRIVER>(DriverObject)));
}
