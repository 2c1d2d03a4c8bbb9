/*
 * driver.c - Heartbeat: KMDF non-PnP driver with a periodic timer
 */
#include "heartbeat.h"

#ifdef WPP_ENABLED
#include "driver.tmh"
#endif

HB_GLOBALS g_Hb;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, HbEvtDriverUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

#ifdef WPP_ENABLED
    WPP_INIT_TRACING(DriverObject, RegistryPath);
#endif

    RtlZeroMemory(&g_Hb, sizeof(g_Hb));

    // non-PnP: no EvtDriverDeviceAdd, EvtDriverUnload is mandatory
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = HbEvtDriverUnload;
    config.DriverPoolTag = HB_POOL_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "WdfDriverCreate failed 0x%08X", status);
#ifdef WPP_ENABLED
        WPP_CLEANUP(DriverObject);
#endif
        return status;
    }

    status = HbCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "HbCreateControlDevice failed 0x%08X", status);
#ifdef WPP_ENABLED
        WPP_CLEANUP(DriverObject);
#endif
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "Heartbeat loaded");
    return STATUS_SUCCESS;
}

VOID
HbEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    PAGED_CODE();

    if (g_Hb.ControlDevice != NULL) {
        PHB_DEVICE_CONTEXT ctx = HbGetContext(g_Hb.ControlDevice);

        // make sure no EvtTimer is running or queued before the device goes
        WdfTimerStop(ctx->Timer, TRUE);

        TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "unload after %I64u beats", ctx->Beats);

        WdfObjectDelete(g_Hb.ControlDevice);
        g_Hb.ControlDevice = NULL;
    }

#ifdef WPP_ENABLED
    WPP_CLEANUP(WdfDriverWdmGetDriverObject(Driver));
#else
    UNREFERENCED_PARAMETER(Driver);
#endif
}
