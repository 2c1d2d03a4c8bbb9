// device.cpp - device object, interface, power callbacks and the tick timer
#include "driver.h"

namespace tick {

#pragma code_seg("PAGE")
NTSTATUS CreateDevice(PWDFDEVICE_INIT DeviceInit)
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnpPower;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_TIMER_CONFIG timerConfig;
    WDFDEVICE device;
    NTSTATUS status;

    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPower);
    pnpPower.EvtDeviceD0Entry = EvtDeviceD0Entry;
    pnpPower.EvtDeviceD0Exit = EvtDeviceD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPower);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TL_ERROR, TRACE_DEVICE, "WdfDeviceCreate failed %08X", status);
        return status;
    }

    // everything below is parented to the device, so a failure return from
    // EvtDriverDeviceAdd lets the framework delete it all together
    PDEVICE_CONTEXT ctx = DeviceGetContext(device);
    ctx->PeriodMs = TICK_DEFAULT_PERIOD_MS;
    ctx->Ticks = 0;

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_TICKDEV, nullptr);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TL_ERROR, TRACE_DEVICE, "WdfDeviceCreateDeviceInterface failed %08X", status);
        return status;
    }

    status = QueueInitialize(device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, EvtTimer, ctx->PeriodMs);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;

    status = WdfTimerCreate(&timerConfig, &attributes, &ctx->Timer);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TL_ERROR, TRACE_DEVICE, "WdfTimerCreate failed %08X", status);
        return status;
    }

    TraceEvents(TL_INFO, TRACE_DEVICE, "device %p created, period %lu ms", device, ctx->PeriodMs);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS EvtDeviceD0Exit(WDFDEVICE Device, WDF_POWER_DEVICE_STATE TargetState)
{
    PAGED_CODE();

    PDEVICE_CONTEXT ctx = DeviceGetContext(Device);

    // wait for a running EvtTimer to finish before we leave D0
    WdfTimerStop(ctx->Timer, TRUE);

    TraceEvents(TL_INFO, TRACE_DEVICE, "D0Exit -> %d after %ld ticks", TargetState, ctx->Ticks);
    return STATUS_SUCCESS;
}
#pragma code_seg()

_Use_decl_annotations_
NTSTATUS EvtDeviceD0Entry(WDFDEVICE Device, WDF_POWER_DEVICE_STATE PreviousState)
{
    PDEVICE_CONTEXT ctx = DeviceGetContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    WdfTimerStart(ctx->Timer, WDF_REL_TIMEOUT_IN_MS(ctx->PeriodMs));
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID EvtTimer(WDFTIMER Timer)
{
    WDFDEVICE device = static_cast<WDFDEVICE>(WdfTimerGetParentObject(Timer));
    PDEVICE_CONTEXT ctx = DeviceGetContext(device);
    WDFREQUEST request;
    PVOID buffer;

    const LONG now = InterlockedIncrement(&ctx->Ticks);

    // release one waiter per tick
    NTSTATUS status = WdfIoQueueRetrieveNextRequest(ctx->WaitQueue, &request);
    if (!NT_SUCCESS(status)) {
        return;
    }

    status = WdfRequestRetrieveOutputBuffer(request, sizeof(ULONG), &buffer, nullptr);
    if (NT_SUCCESS(status)) {
        *static_cast<PULONG>(buffer) = static_cast<ULONG>(now);
        WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, sizeof(ULONG));
    } else {
        WdfRequestComplete(request, status);
    }
}

} // namespace tick
