//
// device.cpp - per-dongle PnP, power and bulk I/O
//
#include "usbuart.h"

NTSTATUS
UartDriver::EvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    NTSTATUS                        status;
    WDF_PNPPOWER_EVENT_CALLBACKS    pnp;
    WDF_OBJECT_ATTRIBUTES           attributes;
    WDF_IO_QUEUE_CONFIG             queueConfig;
    WDFDEVICE                       device;
    PUART_DEVICE_CONTEXT            ctx;

    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = EvtPrepareHardware;
    pnp.EvtDeviceD0Entry         = EvtD0Entry;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, UART_DEVICE_CONTEXT);
    attributes.EvtCleanupCallback = EvtDeviceCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        DBG("WdfDeviceCreate 0x%08X", status);
        return status;
    }

    // paired with the decrement in EvtDeviceCleanup
    LONG present = InterlockedIncrement(&s_Stats.DevicesPresent);

    ctx = UartGetContext(device);
    ctx->BaudRate = UART_DEFAULT_BAUD;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoRead  = EvtIoRead;
    queueConfig.EvtIoWrite = EvtIoWrite;
    queueConfig.EvtIoStop  = EvtIoStop;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        DBG("WdfIoQueueCreate 0x%08X", status);
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_USBUART, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    //
    // First dongle brings up the diagnostics control device.
    //
    if (present == 1 && s_ControlDevice == nullptr) {
        status = UartControl::Create(Driver);
        if (!NT_SUCCESS(status)) {
            DBG("control device 0x%08X, diagnostics disabled", status);
        }
    }

    return STATUS_SUCCESS;
}

VOID
UartDriver::EvtDeviceCleanup(_In_ WDFOBJECT Device)
{
    UNREFERENCED_PARAMETER(Device);

    if (InterlockedDecrement(&s_Stats.DevicesPresent) == 0) {
        UartControl::Delete();
    }
}

NTSTATUS
UartDriver::EvtPrepareHardware(_In_ WDFDEVICE Device, _In_ WDFCMRESLIST Resources,
                               _In_ WDFCMRESLIST ResourcesTranslated)
{
    PUART_DEVICE_CONTEXT                ctx = UartGetContext(Device);
    WDF_USB_DEVICE_CREATE_CONFIG        createConfig;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS selectParams;
    NTSTATUS                            status;

    UNREFERENCED_PARAMETER(Resources);
    UNREFERENCED_PARAMETER(ResourcesTranslated);
    PAGED_CODE();

    if (ctx->UsbDevice == nullptr) {
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

    const UCHAR pipes = selectParams.Types.SingleInterface.NumberConfiguredPipes;
    for (UCHAR i = 0; i < pipes; i++) {
        WDF_USB_PIPE_INFORMATION info;
        WDF_USB_PIPE_INFORMATION_INIT(&info);
        WDFUSBPIPE pipe = WdfUsbInterfaceGetConfiguredPipe(ctx->UsbInterface, i, &info);

        if (info.PipeType != WdfUsbPipeTypeBulk) {
            continue;
        }
        if (WdfUsbTargetPipeIsInEndpoint(pipe)) {
            ctx->BulkIn = pipe;
        } else {
            ctx->BulkOut = pipe;
        }
    }

    return (ctx->BulkIn && ctx->BulkOut) ? STATUS_SUCCESS : STATUS_DEVICE_CONFIGURATION_ERROR;
}

static NTSTATUS
SendVendorRequest(PUART_DEVICE_CONTEXT Ctx, UCHAR Request, USHORT Value, USHORT Index)
{
    WDF_USB_CONTROL_SETUP_PACKET packet;

    WDF_USB_CONTROL_SETUP_PACKET_INIT_VENDOR(&packet, BmRequestHostToDevice, BmRequestToInterface,
                                             Request, Value, Index);
    return WdfUsbTargetDeviceSendControlTransferSynchronously(Ctx->UsbDevice, WDF_NO_HANDLE,
                                                              nullptr, &packet, nullptr, nullptr);
}

NTSTATUS
UartDriver::EvtD0Entry(_In_ WDFDEVICE Device, _In_ WDF_POWER_DEVICE_STATE PreviousState)
{
    PUART_DEVICE_CONTEXT ctx = UartGetContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    // baud is sent in units of 100 bps to fit the 16-bit wValue
    NTSTATUS status = SendVendorRequest(ctx, UART_REQ_SET_BAUD,
                                        static_cast<USHORT>(ctx->BaudRate / 100), 0);
    if (NT_SUCCESS(status)) {
        SendVendorRequest(ctx, UART_REQ_SET_LED, s_Stats.DisplayOn ? 1 : 0, 0);
    }
    return status;
}

static VOID
ForwardToPipe(WDFREQUEST Request, WDFUSBPIPE Pipe, bool Read)
{
    NTSTATUS status = Read ? WdfUsbTargetPipeFormatRequestForRead(Pipe, Request, nullptr, nullptr)
                           : WdfUsbTargetPipeFormatRequestForWrite(Pipe, Request, nullptr, nullptr);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WdfRequestSetCompletionRoutine(Request, UartDriver::EvtRequestComplete, Pipe);

    if (!WdfRequestSend(Request, WdfUsbTargetPipeGetIoTarget(Pipe), WDF_NO_SEND_OPTIONS)) {
        WdfRequestComplete(Request, WdfRequestGetStatus(Request));
    }
}

VOID
UartDriver::EvtIoRead(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    UNREFERENCED_PARAMETER(Length);
    ForwardToPipe(Request, UartGetContext(WdfIoQueueGetDevice(Queue))->BulkIn, true);
}

VOID
UartDriver::EvtIoWrite(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    UNREFERENCED_PARAMETER(Length);
    ForwardToPipe(Request, UartGetContext(WdfIoQueueGetDevice(Queue))->BulkOut, false);
}

//
// Power-down / surprise removal: pull back whatever is sitting on the pipes,
// the completion routine finishes the request.
//
VOID
UartDriver::EvtIoStop(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ ULONG ActionFlags)
{
    UNREFERENCED_PARAMETER(Queue);

    if (ActionFlags & (WdfRequestStopActionSuspend | WdfRequestStopActionPurge)) {
        WdfRequestCancelSentRequest(Request);
    }
}

VOID
UartDriver::EvtRequestComplete(_In_ WDFREQUEST Request, _In_ WDFIOTARGET Target,
                               _In_ PWDF_REQUEST_COMPLETION_PARAMS Params, _In_ WDFCONTEXT Context)
{
    PWDF_USB_REQUEST_COMPLETION_PARAMS usb = Params->Parameters.Usb.Completion;
    size_t bytes = 0;

    UNREFERENCED_PARAMETER(Target);
    UNREFERENCED_PARAMETER(Context);

    if (usb->Type == WdfUsbRequestTypePipeRead) {
        bytes = usb->Parameters.PipeRead.Length;
        InterlockedAdd64(&s_Stats.BytesIn, static_cast<LONG64>(bytes));
    } else {
        bytes = usb->Parameters.PipeWrite.Length;
        InterlockedAdd64(&s_Stats.BytesOut, static_cast<LONG64>(bytes));
    }

    WdfRequestCompleteWithInformation(Request, Params->IoStatus.Status, bytes);
}
