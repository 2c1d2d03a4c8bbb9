/*
 * device.c - device add, power callbacks, blink timer and IOCTLs.
 */
#include "ledbar.h"

EVT_WDF_DEVICE_D0_ENTRY            LedBarEvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT             LedBarEvtD0Exit;
EVT_WDF_TIMER                      LedBarEvtBlinkTimer;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL LedBarEvtIoDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, LedBarEvtDeviceAdd)
#endif

NTSTATUS
LedBarEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS status;
    WDF_PNPPOWER_EVENT_CALLBACKS pnpCallbacks;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_TIMER_CONFIG timerConfig;
    WDFDEVICE device;
    PLED_DEVICE_CONTEXT ctx;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpCallbacks);
    pnpCallbacks.EvtDeviceD0Entry = LedBarEvtD0Entry;
    pnpCallbacks.EvtDeviceD0Exit  = LedBarEvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpCallbacks);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, LED_DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ctx = LedGetContext(device);
    RtlZeroMemory(&ctx->State, sizeof(ctx->State));
    ctx->State.Pattern    = (UCHAR)g_LedDefaults->StartPattern;
    ctx->State.Brightness = (UCHAR)g_LedDefaults->Brightness;
    ctx->BlinkPeriodMs    = g_LedDefaults->BlinkPeriodMs;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &ctx->StateLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, LedBarEvtBlinkTimer, ctx->BlinkPeriodMs);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfTimerCreate(&timerConfig, &attributes, &ctx->BlinkTimer);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_LEDBAR, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = LedBarEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);

    return status;
}

NTSTATUS
LedBarEvtD0Entry(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PLED_DEVICE_CONTEXT ctx = LedGetContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    WdfTimerStart(ctx->BlinkTimer, WDF_REL_TIMEOUT_IN_MS(ctx->BlinkPeriodMs));
    return STATUS_SUCCESS;
}

NTSTATUS
LedBarEvtD0Exit(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PLED_DEVICE_CONTEXT ctx = LedGetContext(Device);

    UNREFERENCED_PARAMETER(TargetState);

    WdfTimerStop(ctx->BlinkTimer, TRUE);
    return STATUS_SUCCESS;
}

VOID
LedBarEvtBlinkTimer(
    _In_ WDFTIMER Timer
    )
{
    WDFDEVICE device = (WDFDEVICE)WdfTimerGetParentObject(Timer);
    PLED_DEVICE_CONTEXT ctx = LedGetContext(device);

    WdfSpinLockAcquire(ctx->StateLock);
    ctx->State.Ticks++;
    ctx->State.Lit = (UCHAR)((ctx->State.Ticks & 1) ? ctx->State.Pattern : 0);
    WdfSpinLockRelease(ctx->StateLock);
}

VOID
LedBarEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    PLED_DEVICE_CONTEXT ctx = LedGetContext(device);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PVOID buffer;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {

    case IOCTL_LEDBAR_SET_PATTERN:
    {
        PLED_PATTERN_REQUEST req;

        status = WdfRequestRetrieveInputBuffer(Request, sizeof(*req), &buffer, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        req = (PLED_PATTERN_REQUEST)buffer;

        WdfSpinLockAcquire(ctx->StateLock);
        ctx->State.Pattern    = req->Pattern;
        ctx->State.Brightness = req->Brightness;
        WdfSpinLockRelease(ctx->StateLock);
        status = STATUS_SUCCESS;
        break;
    }

    case IOCTL_LEDBAR_GET_STATE:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(LED_STATE), &buffer, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        WdfSpinLockAcquire(ctx->StateLock);
        RtlCopyMemory(buffer, &ctx->State, sizeof(LED_STATE));
        WdfSpinLockRelease(ctx->StateLock);
        info = sizeof(LED_STATE);
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
