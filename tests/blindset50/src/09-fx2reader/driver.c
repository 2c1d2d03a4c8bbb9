/*
 * driver.c - DriverEntry and driver object cleanup
 */
#include "fx2.h"
#include "driver.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, Fx2EvtDriverContextCleanup)
#endif

static VOID
Fx2ReadParameters(
    _In_ WDFDRIVER Driver
    )
{
    PFX2_DRIVER_CONTEXT dctx = Fx2GetDriverContext(Driver);
    WDFKEY key;
    ULONG value;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(idleName, L"IdleTimeoutMs");

    dctx->IdleTimeoutMs = FX2_DEFAULT_IDLE_MS;

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ,
                                                WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        // not having a Parameters key is the normal case
        return;
    }

    if (NT_SUCCESS(WdfRegistryQueryULong(key, &idleName, &value))) {
        dctx->IdleTimeoutMs = value;
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
    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "fx2reader DriverEntry");

    WDF_DRIVER_CONFIG_INIT(&config, Fx2EvtDeviceAdd);
    config.DriverPoolTag = FX2_TAG;

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FX2_DRIVER_CONTEXT);
    attributes.EvtCleanupCallback = Fx2EvtDriverContextCleanup;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "WdfDriverCreate failed %!STATUS!", status);
        // no driver object, so no cleanup callback: stop tracing here
        WPP_CLEANUP(DriverObject);
        return status;
    }

    //
    // From here on the driver object owns tracing: Fx2EvtDriverContextCleanup
    // stops it when the framework deletes the driver object at unload.
    //
    Fx2ReadParameters(driver);
    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "idle timeout %lu ms",
                Fx2GetDriverContext(driver)->IdleTimeoutMs);

    return STATUS_SUCCESS;
}

VOID
Fx2EvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "fx2reader cleanup, %ld devices seen",
                Fx2GetDriverContext(DriverObject)->Devices);

    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}
