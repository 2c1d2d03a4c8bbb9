/*
 * driver.c - DriverEntry and driver-wide cleanup for fpgabar.
 */

#include "driver.h"
#include "driver.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FpgaBarEvtDriverContextCleanup)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER driver;
    WDFKEY paramsKey;
    DECLARE_CONST_UNICODE_STRING(dmaChannelsName, L"DmaChannels");
    ULONG value;
    PFPGABAR_DRIVER_CONTEXT driverContext;
    NTSTATUS status;

    //
    // Tracing first, so that failures below are visible. Once WdfDriverCreate
    // succeeds, WPP_CLEANUP is done by the driver's cleanup callback; before
    // that, every failure path has to do it here.
    //
    WPP_INIT_TRACING(DriverObject, RegistryPath);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FPGABAR_DRIVER_CONTEXT);
    attributes.EvtCleanupCallback = FpgaBarEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, FpgaBarEvtDeviceAdd);
    config.DriverPoolTag = FPGABAR_POOL_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             &attributes,
                             &config,
                             &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER,
                    "WdfDriverCreate failed %!STATUS!", status);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    //
    // Optional tuning from the Parameters key. A missing key or value is
    // not an error: keep the default.
    //
    driverContext = FpgaBarGetDriverContext(driver);
    driverContext->DeviceCount = 0;
    driverContext->DmaChannels = FPGABAR_DEFAULT_DMA_CHANNELS;

    status = WdfDriverOpenParametersRegistryKey(driver, KEY_READ,
                                                WDF_NO_OBJECT_ATTRIBUTES, &paramsKey);
    if (NT_SUCCESS(status)) {
        if (NT_SUCCESS(WdfRegistryQueryULong(paramsKey, &dmaChannelsName, &value)) &&
            value >= 1 && value <= FPGABAR_MAX_DMA_CHANNELS) {
            driverContext->DmaChannels = value;
        }
        WdfRegistryClose(paramsKey);
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER,
                "%!FUNC! Exit, %u DMA channels", driverContext->DmaChannels);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
FpgaBarEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}
