/*++

Copyright (c) Northwind Instruments. All rights reserved.

Module Name:

    driver.c

Abstract:

    DriverEntry and driver-wide state for the NWSENSE function driver.

    Lifetime rule used throughout this file: nothing global is created before
    WdfDriverCreate. Everything created afterwards is either a framework
    object parented to the WDFDRIVER (deleted by the framework) or is released
    in NwsEvtDriverContextCleanup. The framework invokes that callback once the
    WDFDRIVER exists, both when DriverEntry later returns an error and when the
    driver unloads, so there is no separate error path to keep in sync.

Environment:

    Kernel mode only.

--*/

#include "driver.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, NwsEvtDriverContextCleanup)
#endif

#define NWS_DEFAULT_INTERVAL_MS     250
#define NWS_MIN_INTERVAL_MS         20
#define NWS_MAX_INTERVAL_MS         60000

static
_IRQL_requires_(PASSIVE_LEVEL)
VOID
NwsLoadSettings(
    _In_ WDFDRIVER Driver,
    _Inout_ PNWS_DRIVER_CONTEXT DriverContext
    )
/*++

Routine Description:

    Reads optional tuning values from the service Parameters key. A missing
    key or value is not an error: the defaults stay in place.

--*/
{
    NTSTATUS status;
    WDFKEY key = NULL;
    ULONG value = 0;
    DECLARE_CONST_UNICODE_STRING(intervalName, L"SampleIntervalMs");

    DriverContext->SampleIntervalMs = NWS_DEFAULT_INTERVAL_MS;

    status = WdfDriverOpenParametersRegistryKey(Driver,
                                                KEY_READ,
                                                WDF_NO_OBJECT_ATTRIBUTES,
                                                &key);
    if (!NT_SUCCESS(status)) {
        NWS_INFO("no Parameters key (0x%08X), using defaults", status);
        return;
    }

    status = WdfRegistryQueryULong(key, &intervalName, &value);
    if (NT_SUCCESS(status)) {
        if (value >= NWS_MIN_INTERVAL_MS && value <= NWS_MAX_INTERVAL_MS) {
            DriverContext->SampleIntervalMs = value;
        } else {
            NWS_ERROR("SampleIntervalMs %lu out of range, ignored", value);
        }
    }

    WdfRegistryClose(key);
}

VOID
NwsTraceEvent(
    _In_ PNWS_DRIVER_CONTEXT DriverContext,
    _In_ UCHAR Level,
    _In_z_ PCWSTR Message
    )
{
    if (DriverContext->EtwHandle != 0) {
        (VOID)EtwWriteString(DriverContext->EtwHandle, Level, 0, NULL, Message);
    }
}

_Use_decl_annotations_
VOID
NwsEvtDriverContextCleanup(
    WDFOBJECT DriverObject
    )
/*++

Routine Description:

    Cleanup callback of the WDFDRIVER. Called by the framework when the driver
    object is deleted: on unload, or when DriverEntry fails after
    WdfDriverCreate succeeded.

    The wait lock and the collection are children of the WDFDRIVER and are
    deleted by the framework; only the ETW registration is ours to undo.

--*/
{
    PNWS_DRIVER_CONTEXT ctx;

    PAGED_CODE();

    ctx = NwsGetDriverContext((WDFDRIVER)DriverObject);

    if (ctx->EtwHandle != 0) {
        (VOID)EtwUnregister(ctx->EtwHandle);
        ctx->EtwHandle = 0;
    }

    NWS_INFO("driver context cleaned up");
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Creates the WDFDRIVER and the driver-wide objects. Probe devices and the
    control device are created later, from NwsEvtDeviceAdd.

--*/
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER driver = NULL;
    PNWS_DRIVER_CONTEXT ctx;

    ExInitializeDriverRuntime(DrvRtPoolNxOptIn);

    NWS_INFO("DriverEntry %wZ", RegistryPath);

    WDF_DRIVER_CONFIG_INIT(&config, NwsEvtDeviceAdd);
    config.DriverPoolTag = NWS_POOL_TAG;

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, NWS_DRIVER_CONTEXT);
    attributes.EvtCleanupCallback = NwsEvtDriverContextCleanup;

    //
    // Nothing to undo if this fails: no global state exists yet.
    //
    IF_FAILED_GOTO(status,
                   WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver),
                   Exit);

    ctx = NwsGetDriverContext(driver);
    RtlZeroMemory(ctx, sizeof(*ctx));

    //
    // From here on, returning a failure status makes the framework delete the
    // WDFDRIVER, its children and run NwsEvtDriverContextCleanup.
    //
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = driver;
    IF_FAILED_GOTO(status, WdfWaitLockCreate(&attributes, &ctx->ControlLock), Exit);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = driver;
    IF_FAILED_GOTO(status, WdfCollectionCreate(&attributes, &ctx->Probes), Exit);

    NwsLoadSettings(driver, ctx);

    //
    // ETW is diagnostics only; a failure here is not fatal. The handle is
    // released by NwsEvtDriverContextCleanup.
    //
    status = EtwRegister(&NWSENSE_PROVIDER_GUID, NULL, NULL, &ctx->EtwHandle);
    if (!NT_SUCCESS(status)) {
        NWS_ERROR("EtwRegister failed 0x%08X, continuing without ETW", status);
        ctx->EtwHandle = 0;
        status = STATUS_SUCCESS;
    }

    NwsTraceEvent(ctx, 4, L"NwSense driver loaded");
    NWS_INFO("interval %lu ms", ctx->SampleIntervalMs);

Exit:
    return status;
}
