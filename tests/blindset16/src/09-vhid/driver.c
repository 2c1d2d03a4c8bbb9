/*++

Copyright (c) VHid project.

Module Name:

    driver.c

Abstract:

    DriverEntry and driver-object lifetime for the virtual HID minidriver.

Environment:

    Kernel mode only

--*/

#include "vhid.h"
#include "driver.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text (INIT, DriverEntry)
#pragma alloc_text (PAGE, VhidEvtDriverContextCleanup)
#endif

static
VOID
VhidLoadDriverSettings(
    _In_ WDFDRIVER Driver,
    _Inout_ PVHID_DRIVER_CONTEXT Context
    )
/*++

Routine Description:

    Reads the optional Parameters values. Missing values keep defaults; a
    missing key is not an error.

--*/
{
    NTSTATUS status;
    WDFKEY key;
    ULONG value;
    DECLARE_CONST_UNICODE_STRING(intervalName, L"ReportIntervalMs");
    DECLARE_CONST_UNICODE_STRING(idleName, L"SynthesizeIdle");

    Context->ReportIntervalMs = VHID_DEFAULT_INTERVAL_MS;
    Context->SynthesizeIdle = TRUE;

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_WARNING, TRACE_DRIVER,
                    "No Parameters key %!STATUS!, using defaults", status);
        return;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &intervalName, &value)) &&
        value > 0 && value <= VHID_MAX_INTERVAL_MS) {
        Context->ReportIntervalMs = value;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &idleName, &value))) {
        Context->SynthesizeIdle = (value != 0);
    }

    WdfRegistryClose(key);
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    DriverEntry initializes the driver and is the first routine called by the
    system after the driver is loaded.

Arguments:

    DriverObject - represents the instance of the function driver that is loaded
    into memory.

    RegistryPath - represents the driver specific path in the Registry.

Return Value:

    STATUS_SUCCESS if successful,
    STATUS_UNSUCCESSFUL otherwise.

--*/
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER driver;
    PVHID_DRIVER_CONTEXT context;

    //
    // Initialize WPP Tracing
    //
    WPP_INIT_TRACING(DriverObject, RegistryPath);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    //
    // Register a cleanup callback so that we can call WPP_CLEANUP when
    // the framework driver object is deleted during driver unload.
    //
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, VHID_DRIVER_CONTEXT);
    attributes.EvtCleanupCallback = VhidEvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, VhidEvtDeviceAdd);
    config.DriverPoolTag = VHID_POOL_TAG;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             &attributes,
                             &config,
                             &driver
                             );

    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", status);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    context = VhidGetDriverContext(driver);
    VhidLoadDriverSettings(driver, context);

    //
    // Input reports are staged in lookaside buffers owned by the driver
    // object; the framework frees them when the driver object goes away.
    //
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = driver;

    status = WdfLookasideListCreate(&attributes,
                                    sizeof(VHID_INPUT_REPORT),
                                    NonPagedPoolNx,
                                    WDF_NO_OBJECT_ATTRIBUTES,
                                    VHID_POOL_TAG,
                                    &context->ReportLookaside);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfLookasideListCreate failed %!STATUS!", status);
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Exit, interval %u ms",
                context->ReportIntervalMs);

    return status;
}

VOID
VhidEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
/*++
Routine Description:

    Free all the resources allocated in DriverEntry.

Arguments:

    DriverObject - handle to a WDF Driver object.

Return Value:

    VOID.

--*/
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    //
    // Stop WPP Tracing
    //
    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}
