/*++

Copyright (c) Fabrikam Instruments.  All rights reserved.

Module Name:

    driver.c

Abstract:

    DriverEntry and driver-object level callbacks for the DAQ-4000
    function driver.

Environment:

    Kernel mode, KMDF.

--*/

#include "daq.h"

#if DBG
ULONG DaqTraceLevel = TRACE_LEVEL_INFORMATION;
#else
ULONG DaqTraceLevel = TRACE_LEVEL_ERROR;
#endif

#define DAQ_DEFAULT_SAMPLE_RATE     10000       // Hz
#define DAQ_MAX_SAMPLE_RATE         1000000
#define DAQ_DEFAULT_FIFO_THRESHOLD  (DAQ_FIFO_DEPTH / 2)

static
VOID
DaqLoadDriverParameters(
    _In_ WDFDRIVER Driver
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, DaqLoadDriverParameters)
#pragma alloc_text(PAGE, DaqEvtDriverUnload)
#pragma alloc_text(PAGE, DaqEvtDriverContextCleanup)
#endif


_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Initializes tracing, creates the framework driver object and loads
    driver-wide defaults.  Per-device work happens in DaqEvtDeviceAdd.

Return Value:

    Status of WdfDriverCreate.  Tracing is torn down here if the driver
    object could not be created; otherwise by the driver object's
    cleanup callback.

--*/
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER driver;
    NTSTATUS status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "DriverEntry built %s %s", __DATE__, __TIME__);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DAQ_DRIVER_CONTEXT);
    attributes.EvtCleanupCallback = DaqEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, DaqEvtDeviceAdd);
    config.EvtDriverUnload = DaqEvtDriverUnload;
    config.DriverPoolTag = DAQ_POOL_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             &attributes,
                             &config,
                             &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed 0x%08X", status);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    //
    // Optional tunables; failures leave the defaults in place.
    //
    DaqLoadDriverParameters(driver);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "DriverEntry done");

    return status;
}


static
VOID
DaqLoadDriverParameters(
    _In_ WDFDRIVER Driver
    )
/*++

Routine Description:

    Reads the Parameters subkey of the service key through the framework.

--*/
{
    PDAQ_DRIVER_CONTEXT driverContext = DaqGetDriverContext(Driver);
    WDFKEY parametersKey = NULL;
    NTSTATUS status;
    ULONG value;

    DECLARE_CONST_UNICODE_STRING(sampleRateName, L"DefaultSampleRate");
    DECLARE_CONST_UNICODE_STRING(thresholdName, L"FifoThreshold");
    DECLARE_CONST_UNICODE_STRING(lineInterruptName, L"ForceLineInterrupt");

    PAGED_CODE();

    driverContext->DefaultSampleRate = DAQ_DEFAULT_SAMPLE_RATE;
    driverContext->FifoThreshold = DAQ_DEFAULT_FIFO_THRESHOLD;
    driverContext->ForceLineInterrupt = 0;
    driverContext->DeviceCount = 0;

    status = WdfDriverOpenParametersRegistryKey(Driver,
                                                KEY_READ,
                                                WDF_NO_OBJECT_ATTRIBUTES,
                                                &parametersKey);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_DRIVER, "no Parameters key 0x%08X", status);
        return;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(parametersKey, &sampleRateName, &value)) &&
        value != 0 && value <= DAQ_MAX_SAMPLE_RATE) {
        driverContext->DefaultSampleRate = value;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(parametersKey, &thresholdName, &value)) &&
        value != 0 && value < DAQ_FIFO_DEPTH) {
        driverContext->FifoThreshold = value;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(parametersKey, &lineInterruptName, &value))) {
        driverContext->ForceLineInterrupt = (value != 0);
    }

    WdfRegistryClose(parametersKey);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER,
                "DefaultSampleRate=%lu FifoThreshold=%lu ForceLineInterrupt=%lu",
                driverContext->DefaultSampleRate,
                driverContext->FifoThreshold,
                driverContext->ForceLineInterrupt);
}


_Use_decl_annotations_
VOID
DaqEvtDriverUnload(
    WDFDRIVER Driver
    )
/*++

Routine Description:

    Nothing driver-wide was allocated outside framework objects; this
    only records the unload.  Tracing stops in the cleanup callback,
    which runs after this when the driver object is deleted.

--*/
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "unload, %ld devices outstanding",
                DaqGetDriverContext(Driver)->DeviceCount);
}


_Use_decl_annotations_
VOID
DaqEvtDriverContextCleanup(
    WDFOBJECT DriverObject
    )
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "driver object cleanup");

    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}
