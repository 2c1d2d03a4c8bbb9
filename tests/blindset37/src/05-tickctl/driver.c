/*
 * driver.c - TickCtl, a KMDF non-PnP driver that counts timer ticks
 */
#include "tickctl.h"

#ifdef TICK_WPP
#include "driver.tmh"
#endif

WDFDEVICE g_ControlDevice = NULL;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, TickEvtDriverUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    TraceEvents(TL_INFO, TRACE_FLAG_DRIVER, "DriverEntry, built %s %s", __DATE__, __TIME__);

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = TickEvtDriverUnload;
    config.DriverPoolTag = TICK_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TL_ERROR, TRACE_FLAG_DRIVER, "WdfDriverCreate failed 0x%08X", status);
        return status;
    }

    status = TickCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TL_ERROR, TRACE_FLAG_DRIVER, "TickCreateControlDevice failed 0x%08X", status);
        return status;
    }

    TraceEvents(TL_INFO, TRACE_FLAG_DRIVER, "loaded");
    return STATUS_SUCCESS;
}

VOID
TickEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    PTICK_CONTEXT ctx;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    if (g_ControlDevice == NULL) {
        return;
    }

    ctx = TickGetContext(g_ControlDevice);

    // wait for a running EvtTimer before the device (its parent) goes away
    WdfTimerStop(ctx->Timer, TRUE);

    TraceEvents(TL_INFO, TRACE_FLAG_DRIVER, "unload, %lld ticks", ctx->Ticks);

    WdfObjectDelete(g_ControlDevice);
    g_ControlDevice = NULL;
}
