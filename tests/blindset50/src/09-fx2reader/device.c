/*
 * device.c - device add, USB setup, continuous reader and IOCTLs
 */
#include "fx2.h"
#include "device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, Fx2EvtDeviceAdd)
#pragma alloc_text(PAGE, Fx2EvtPrepareHardware)
#pragma alloc_text(PAGE, Fx2EvtD0Exit)
#endif

NTSTATUS
Fx2EvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS    pnpPower;
    WDF_OBJECT_ATTRIBUTES           attributes;
    WDF_IO_QUEUE_CONFIG             queueConfig;
    WDFDEVICE                       device;
    PDEVICE_CONTEXT                 ctx;
    NTSTATUS                        status;

    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPower);
    pnpPower.EvtDevicePrepareHardware = Fx2EvtPrepareHardware;
    pnpPower.EvtDeviceD0Entry         = Fx2EvtD0Entry;
    pnpPower.EvtDeviceD0Exit          = Fx2EvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPower);
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);

    // on failure the framework still owns DeviceInit and frees it itself
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP, "WdfDeviceCreate %!STATUS!", status);
        return status;
    }
    ctx = Fx2GetDeviceContext(device);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = Fx2EvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP, "default queue %!STATUS!", status);
        return status;
    }

    // parked "wait for switch change" requests
    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    queueConfig.PowerManaged = WdfFalse;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->WaitQueue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP, "wait queue %!STATUS!", status);
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_FX2READER, NULL);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP, "device interface %!STATUS!", status);
        return status;
    }

    InterlockedIncrement(&Fx2GetDriverContext(Driver)->Devices);
    return STATUS_SUCCESS;
}

NTSTATUS
Fx2EvtPrepareHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourceList,
    _In_ WDFCMRESLIST ResourceListTranslated
    )
{
    PDEVICE_CONTEXT ctx = Fx2GetDeviceContext(Device);
    PFX2_DRIVER_CONTEXT dctx = Fx2GetDriverContext(WdfGetDriver());
    WDF_USB_DEVICE_CREATE_CONFIG createConfig;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS selectParams;
    WDF_USB_CONTINUOUS_READER_CONFIG readerConfig;
    WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS idle;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(ResourceList);
    UNREFERENCED_PARAMETER(ResourceListTranslated);
    PAGED_CODE();

    if (ctx->UsbDevice == NULL) {
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&createConfig, USBD_CLIENT_CONTRACT_VERSION_602);
        status = WdfUsbTargetDeviceCreateWithParameters(Device, &createConfig,
                                                        WDF_NO_OBJECT_ATTRIBUTES,
                                                        &ctx->UsbDevice);
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&selectParams);
    status = WdfUsbTargetDeviceSelectConfig(ctx->UsbDevice, WDF_NO_OBJECT_ATTRIBUTES, &selectParams);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ctx->UsbInterface = selectParams.Types.SingleInterface.ConfiguredUsbInterface;
    ctx->InterruptPipe = WdfUsbInterfaceGetConfiguredPipe(ctx->UsbInterface,
                                                          FX2_INTERRUPT_EP_INDEX, NULL);
    if (ctx->InterruptPipe == NULL) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    WdfUsbTargetPipeSetNoMaximumPacketSizeCheck(ctx->InterruptPipe);

    WDF_USB_CONTINUOUS_READER_CONFIG_INIT(&readerConfig, Fx2EvtReadComplete, ctx, sizeof(UCHAR));
    status = WdfUsbTargetPipeConfigContinuousReader(ctx->InterruptPipe, &readerConfig);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP, "continuous reader %!STATUS!", status);
        return status;
    }

    if (dctx->IdleTimeoutMs != 0) {
        WDF_DEVICE_POWER_POLICY_IDLE_SETTINGS_INIT(&idle, IdleUsbSelectiveSuspend);
        idle.IdleTimeout = dctx->IdleTimeoutMs;
        status = WdfDeviceAssignS0IdleSettings(Device, &idle);
        if (!NT_SUCCESS(status)) {
            // not fatal, the board just stays powered
            TraceEvents(TRACE_LEVEL_WARNING, DBG_PNP, "idle settings %!STATUS!", status);
        }
    }
    return STATUS_SUCCESS;
}

NTSTATUS
Fx2EvtD0Entry(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PDEVICE_CONTEXT ctx = Fx2GetDeviceContext(Device);
    UNREFERENCED_PARAMETER(PreviousState);

    return WdfIoTargetStart(WdfUsbTargetPipeGetIoTarget(ctx->InterruptPipe));
}

NTSTATUS
Fx2EvtD0Exit(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PDEVICE_CONTEXT ctx = Fx2GetDeviceContext(Device);
    UNREFERENCED_PARAMETER(TargetState);
    PAGED_CODE();

    WdfIoTargetStop(WdfUsbTargetPipeGetIoTarget(ctx->InterruptPipe), WdfIoTargetCancelSentIo);
    return STATUS_SUCCESS;
}

VOID
Fx2EvtReadComplete(
    _In_ WDFUSBPIPE Pipe,
    _In_ WDFMEMORY  Buffer,
    _In_ size_t     NumBytesTransferred,
    _In_ WDFCONTEXT Context
    )
{
    PDEVICE_CONTEXT ctx = (PDEVICE_CONTEXT)Context;
    WDFREQUEST request;
    PUCHAR out;
    UCHAR now;

    UNREFERENCED_PARAMETER(Pipe);

    if (NumBytesTransferred == 0) {
        return;
    }
    now = *(PUCHAR)WdfMemoryGetBuffer(Buffer, NULL);
    if (now == ctx->Switches) {
        return;
    }
    ctx->Switches = now;
    ctx->Changes++;

    while (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(ctx->WaitQueue, &request))) {
        if (NT_SUCCESS(WdfRequestRetrieveOutputBuffer(request, sizeof(UCHAR), (PVOID*)&out, NULL))) {
            *out = now;
            WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, sizeof(UCHAR));
        } else {
            WdfRequestComplete(request, STATUS_BUFFER_TOO_SMALL);
        }
    }
}

VOID
Fx2EvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PDEVICE_CONTEXT ctx = Fx2GetDeviceContext(WdfIoQueueGetDevice(Queue));
    PUCHAR out;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(InputBufferLength);

    if (OutputBufferLength < sizeof(UCHAR)) {
        WdfRequestComplete(Request, STATUS_BUFFER_TOO_SMALL);
        return;
    }

    switch (IoControlCode) {
    case IOCTL_FX2_GET_SWITCHES:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(UCHAR), (PVOID*)&out, NULL);
        if (NT_SUCCESS(status)) {
            *out = ctx->Switches;
            WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(UCHAR));
            return;
        }
        break;
    case IOCTL_FX2_WAIT_SWITCHES:
        status = WdfRequestForwardToIoQueue(Request, ctx->WaitQueue);
        if (NT_SUCCESS(status)) {
            return;
        }
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    WdfRequestComplete(Request, status);
}
