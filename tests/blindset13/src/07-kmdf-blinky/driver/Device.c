/*
 * Device.c - device object, its timer and its work item.
 *
 * Both the timer and the work item are parented to the device, so the
 * framework deletes them with it; D0Exit only has to stop the timer.
 */
#include "Driver.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, BlinkyCreateDevice)
#pragma alloc_text(PAGE, BlinkyEvtDeviceD0Exit)
#pragma alloc_text(PAGE, BlinkyEvtWorkItem)
#endif

NTSTATUS
BlinkyCreateDevice(
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnpPower;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_TIMER_CONFIG timerConfig;
    WDF_WORKITEM_CONFIG workConfig;
    PDEVICE_CONTEXT ctx;
    WDFDEVICE device;
    NTSTATUS status;

    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPower);
    pnpPower.EvtDeviceD0Entry = BlinkyEvtDeviceD0Entry;
    pnpPower.EvtDeviceD0Exit = BlinkyEvtDeviceD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPower);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(BLINKY_LOG_ERROR, "WdfDeviceCreate 0x%08X", status);
        return status;
    }

    ctx = DeviceGetContext(device);
    ctx->PeriodMs = g_Settings.PeriodMs;

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_BLINKY, NULL);
    if (!NT_SUCCESS(status)) {
        TraceEvents(BLINKY_LOG_ERROR, "WdfDeviceCreateDeviceInterface 0x%08X", status);
        return status;
    }

    // Periodic timer; the period is applied in D0Entry with WdfTimerStart.
    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, BlinkyEvtTimer, ctx->PeriodMs);
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, TIMER_CONTEXT);
    attributes.ParentObject = device;
    status = WdfTimerCreate(&timerConfig, &attributes, &ctx->Timer);
    if (!NT_SUCCESS(status)) {
        TraceEvents(BLINKY_LOG_ERROR, "WdfTimerCreate 0x%08X", status);
        return status;
    }
    TimerGetContext(ctx->Timer)->Device = device;

    WDF_WORKITEM_CONFIG_INIT(&workConfig, BlinkyEvtWorkItem);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfWorkItemCreate(&workConfig, &attributes, &ctx->WorkItem);
    if (!NT_SUCCESS(status)) {
        TraceEvents(BLINKY_LOG_ERROR, "WdfWorkItemCreate 0x%08X", status);
        return status;
    }

    return BlinkyQueueInitialize(device);
}

NTSTATUS
BlinkyEvtDeviceD0Entry(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PDEVICE_CONTEXT ctx = DeviceGetContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    WdfTimerStart(ctx->Timer, WDF_REL_TIMEOUT_IN_MS(ctx->PeriodMs));
    return STATUS_SUCCESS;
}

NTSTATUS
BlinkyEvtDeviceD0Exit(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PDEVICE_CONTEXT ctx = DeviceGetContext(Device);

    UNREFERENCED_PARAMETER(TargetState);
    PAGED_CODE();

    // Wait = TRUE: returns after a running timer callback has finished.
    WdfTimerStop(ctx->Timer, TRUE);
    WdfWorkItemFlush(ctx->WorkItem);
    return STATUS_SUCCESS;
}

VOID
BlinkyEvtTimer(
    _In_ WDFTIMER Timer
    )
{
    WDFDEVICE device = TimerGetContext(Timer)->Device;
    PDEVICE_CONTEXT ctx = DeviceGetContext(device);

    ctx->Ticks++;

    // one work item in flight at a time; skip this tick if it is still busy
    if (InterlockedCompareExchange(&ctx->WorkQueued, 1, 0) == 0) {
        WdfWorkItemEnqueue(ctx->WorkItem);
    }
}

VOID
BlinkyEvtWorkItem(
    _In_ WDFWORKITEM WorkItem
    )
{
    WDFDEVICE device = (WDFDEVICE)WdfWorkItemGetParentObject(WorkItem);
    PDEVICE_CONTEXT ctx = DeviceGetContext(device);

    PAGED_CODE();

    ctx->LedOn = !ctx->LedOn;
    ctx->Blinks++;
    if (g_Settings.Verbose) {
        TraceEvents(BLINKY_LOG_INFO, "LED %s (tick %I64u)", ctx->LedOn ? "on" : "off", ctx->Ticks);
    }
    InterlockedExchange(&ctx->WorkQueued, 0);
}
