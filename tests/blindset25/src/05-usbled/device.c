/*
 * device.c - device add, USB setup, IOCTLs and the pattern timer
 */
#include <initguid.h>     /* instantiate GUID_DEVINTERFACE_USBLED here */
#include "usbled.h"
#include "device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, UsbLedEvtDeviceAdd)
#pragma alloc_text(PAGE, UsbLedEvtDevicePrepareHardware)
#pragma alloc_text(PAGE, UsbLedEvtDeviceD0Exit)
#endif

NTSTATUS UsbLedEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnpCallbacks;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_TIMER_CONFIG timerConfig;
    PDEVICE_CONTEXT ctx;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpCallbacks);
    pnpCallbacks.EvtDevicePrepareHardware = UsbLedEvtDevicePrepareHardware;
    pnpCallbacks.EvtDeviceD0Exit = UsbLedEvtDeviceD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpCallbacks);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate failed %!STATUS!", status);
        return status;
    }
    ctx = UsbLedGetContext(device);

    /* the control transfers are synchronous, so keep the queue at PASSIVE_LEVEL */
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = UsbLedEvtIoDeviceControl;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ExecutionLevel = WdfExecutionLevelPassive;
    status = WdfIoQueueCreate(device, &queueConfig, &attributes, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfIoQueueCreate failed %!STATUS!", status);
        return status;
    }

    /* one-shot passive timer, re-armed from the callback while a pattern plays */
    WDF_TIMER_CONFIG_INIT(&timerConfig, UsbLedEvtPatternTimer);
    timerConfig.AutomaticSerialization = FALSE;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    attributes.ExecutionLevel = WdfExecutionLevelPassive;
    status = WdfTimerCreate(&timerConfig, &attributes, &ctx->PatternTimer);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfTimerCreate failed %!STATUS!", status);
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_USBLED, NULL);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreateDeviceInterface failed %!STATUS!", status);
        return status;
    }

    return STATUS_SUCCESS;
}

NTSTATUS UsbLedEvtDevicePrepareHardware(WDFDEVICE Device, WDFCMRESLIST ResourceList,
                                        WDFCMRESLIST ResourceListTranslated)
{
    PDEVICE_CONTEXT ctx = UsbLedGetContext(Device);
    WDF_USB_DEVICE_CREATE_CONFIG createParams;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS selectParams;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(ResourceList);
    UNREFERENCED_PARAMETER(ResourceListTranslated);
    PAGED_CODE();

    if (ctx->UsbDevice == NULL) {
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&createParams, USBD_CLIENT_CONTRACT_VERSION_602);
        status = WdfUsbTargetDeviceCreateWithParameters(Device, &createParams,
                                                        WDF_NO_OBJECT_ATTRIBUTES, &ctx->UsbDevice);
        if (!NT_SUCCESS(status)) {
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                        "WdfUsbTargetDeviceCreateWithParameters failed %!STATUS!", status);
            return status;
        }
    }

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&selectParams);
    status = WdfUsbTargetDeviceSelectConfig(ctx->UsbDevice, WDF_NO_OBJECT_ATTRIBUTES, &selectParams);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfUsbTargetDeviceSelectConfig failed %!STATUS!", status);
        return status;
    }

    return UsbLedSetBar(ctx, 0);
}

NTSTATUS UsbLedEvtDeviceD0Exit(WDFDEVICE Device, WDF_POWER_DEVICE_STATE TargetState)
{
    PDEVICE_CONTEXT ctx = UsbLedGetContext(Device);

    UNREFERENCED_PARAMETER(TargetState);
    PAGED_CODE();

    InterlockedExchange(&ctx->Playing, 0);
    WdfTimerStop(ctx->PatternTimer, TRUE);
    return STATUS_SUCCESS;
}

NTSTATUS UsbLedSetBar(PDEVICE_CONTEXT Ctx, UCHAR Value)
{
    WDF_USB_CONTROL_SETUP_PACKET packet;
    WDF_REQUEST_SEND_OPTIONS options;
    WDF_MEMORY_DESCRIPTOR memDesc;
    ULONG transferred = 0;
    NTSTATUS status;

    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_TIMEOUT);
    WDF_REQUEST_SEND_OPTIONS_SET_TIMEOUT(&options, WDF_REL_TIMEOUT_IN_MS(500));

    WDF_USB_CONTROL_SETUP_PACKET_INIT_VENDOR(&packet, BmRequestHostToDevice, BmRequestToDevice,
                                             USBLED_VENDOR_SET_BAR, 0, 0);
    WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&memDesc, &Value, sizeof(Value));

    status = WdfUsbTargetDeviceSendControlTransferSynchronously(Ctx->UsbDevice, WDF_NO_HANDLE,
                                                                &options, &packet, &memDesc,
                                                                &transferred);
    if (NT_SUCCESS(status)) {
        Ctx->CurrentBar = Value;
    } else {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "set bar 0x%02X failed %!STATUS!", Value, status);
    }
    return status;
}

VOID UsbLedEvtPatternTimer(WDFTIMER Timer)
{
    PDEVICE_CONTEXT ctx = UsbLedGetContext(WdfTimerGetParentObject(Timer));
    UCHAR value;

    if (ctx->Playing == 0 || ctx->PatternIndex >= g_Patterns->Count) {
        return;
    }

    value = g_Patterns->Steps[ctx->PatternIndex][ctx->Step % USBLED_STEPS];
    ctx->Step++;
    (VOID)UsbLedSetBar(ctx, value);

    if (ctx->Playing != 0) {
        WdfTimerStart(Timer, WDF_REL_TIMEOUT_IN_MS(USBLED_STEP_MS));
    }
}

VOID UsbLedEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                              size_t InputBufferLength, ULONG IoControlCode)
{
    PDEVICE_CONTEXT ctx = UsbLedGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    PVOID input = NULL;
    size_t length;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_USBLED_SET_BAR:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(UCHAR), &input, &length);
        if (NT_SUCCESS(status)) {
            InterlockedExchange(&ctx->Playing, 0);
            WdfTimerStop(ctx->PatternTimer, TRUE);
            status = UsbLedSetBar(ctx, *(PUCHAR)input);
        }
        break;

    case IOCTL_USBLED_PLAY_PATTERN:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), &input, &length);
        if (NT_SUCCESS(status)) {
            ULONG index = *(PULONG)input;
            if (index >= g_Patterns->Count) {
                status = STATUS_INVALID_PARAMETER;
                break;
            }
            WdfTimerStop(ctx->PatternTimer, TRUE);
            ctx->PatternIndex = index;
            ctx->Step = 0;
            InterlockedExchange(&ctx->Playing, 1);
            WdfTimerStart(ctx->PatternTimer, WDF_REL_TIMEOUT_IN_MS(1));
        }
        break;

    case IOCTL_USBLED_STOP:
        InterlockedExchange(&ctx->Playing, 0);
        WdfTimerStop(ctx->PatternTimer, TRUE);
        status = UsbLedSetBar(ctx, 0);
        break;

    default:
        break;
    }

    WdfRequestComplete(Request, status);
}
