#include <initguid.h>
#include "Device.h"

namespace usbdev {

static EVT_WDF_DEVICE_PREPARE_HARDWARE EvtPrepareHardware;
static EVT_WDF_DEVICE_D0_ENTRY EvtD0Entry;
static EVT_WDF_DEVICE_D0_EXIT EvtD0Exit;
static EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;
static EVT_WDF_USB_READER_COMPLETION_ROUTINE EvtReaderComplete;
static EVT_WDF_USB_READERS_FAILED EvtReadersFailed;

constexpr UCHAR kVendorSetColor = 0x01;

#pragma code_seg("PAGE")
NTSTATUS EvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = EvtPrepareHardware;
    pnp.EvtDeviceD0Entry = EvtD0Entry;
    pnp.EvtDeviceD0Exit = EvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DeviceContext);

    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KLOG_IF_FAILED(status, "WdfDeviceCreate");
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_USBBLINK, nullptr);
    if (!NT_SUCCESS(status)) {
        KLOG_IF_FAILED(status, "WdfDeviceCreateDeviceInterface");
        return status;
    }

    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = EvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    KLOG_IF_FAILED(status, "WdfIoQueueCreate");
    return status;
}

static NTSTATUS EvtPrepareHardware(_In_ WDFDEVICE Device,
                                   _In_ WDFCMRESLIST ResourcesRaw,
                                   _In_ WDFCMRESLIST ResourcesTranslated)
{
    UNREFERENCED_PARAMETER(ResourcesRaw);
    UNREFERENCED_PARAMETER(ResourcesTranslated);
    PAGED_CODE();

    DeviceContext* ctx = GetDeviceContext(Device);
    NTSTATUS status;

    if (ctx->UsbDevice == nullptr) {
        WDF_USB_DEVICE_CREATE_CONFIG createConfig;
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&createConfig, USBD_CLIENT_CONTRACT_VERSION_602);

        status = WdfUsbTargetDeviceCreateWithParameters(Device, &createConfig,
                                                        WDF_NO_OBJECT_ATTRIBUTES, &ctx->UsbDevice);
        if (!NT_SUCCESS(status)) {
            KLOG_IF_FAILED(status, "WdfUsbTargetDeviceCreateWithParameters");
            return status;
        }
    }

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS params;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&params);
    status = WdfUsbTargetDeviceSelectConfig(ctx->UsbDevice, WDF_NO_OBJECT_ATTRIBUTES, &params);
    if (!NT_SUCCESS(status)) {
        KLOG_IF_FAILED(status, "WdfUsbTargetDeviceSelectConfig");
        return status;
    }

    ctx->UsbInterface = params.Types.SingleInterface.ConfiguredUsbInterface;
    ctx->InterruptPipe = nullptr;

    auto findInterruptIn = [](WDFUSBINTERFACE itf) -> WDFUSBPIPE {
        BYTE count = WdfUsbInterfaceGetNumConfiguredPipes(itf);
        for (BYTE i = 0; i < count; i++) {
            WDF_USB_PIPE_INFORMATION info;
            WDF_USB_PIPE_INFORMATION_INIT(&info);
            WDFUSBPIPE pipe = WdfUsbInterfaceGetConfiguredPipe(itf, i, &info);
            if (info.PipeType == WdfUsbPipeTypeInterrupt && WdfUsbTargetPipeIsInEndpoint(pipe)) {
                return pipe;
            }
        }
        return nullptr;
    };

    ctx->InterruptPipe = findInterruptIn(ctx->UsbInterface);
    if (ctx->InterruptPipe == nullptr) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    WdfUsbTargetPipeSetNoMaximumPacketSizeCheck(ctx->InterruptPipe);

    WDF_USB_CONTINUOUS_READER_CONFIG readerConfig;
    WDF_USB_CONTINUOUS_READER_CONFIG_INIT(&readerConfig, EvtReaderComplete, ctx, sizeof(UCHAR));
    readerConfig.EvtUsbTargetPipeReadersFailed = EvtReadersFailed;

    status = WdfUsbTargetPipeConfigContinuousReader(ctx->InterruptPipe, &readerConfig);
    KLOG_IF_FAILED(status, "WdfUsbTargetPipeConfigContinuousReader");
    return status;
}
#pragma code_seg()

static NTSTATUS EvtD0Entry(_In_ WDFDEVICE Device, _In_ WDF_POWER_DEVICE_STATE PreviousState)
{
    UNREFERENCED_PARAMETER(PreviousState);
    DeviceContext* ctx = GetDeviceContext(Device);
    return WdfIoTargetStart(WdfUsbTargetPipeGetIoTarget(ctx->InterruptPipe));
}

static NTSTATUS EvtD0Exit(_In_ WDFDEVICE Device, _In_ WDF_POWER_DEVICE_STATE TargetState)
{
    UNREFERENCED_PARAMETER(TargetState);
    DeviceContext* ctx = GetDeviceContext(Device);
    WdfIoTargetStop(WdfUsbTargetPipeGetIoTarget(ctx->InterruptPipe), WdfIoTargetCancelSentIo);
    return STATUS_SUCCESS;
}

static VOID EvtReaderComplete(_In_ WDFUSBPIPE Pipe, _In_ WDFMEMORY Buffer,
                              _In_ size_t NumBytesTransferred, _In_ WDFCONTEXT Context)
{
    UNREFERENCED_PARAMETER(Pipe);
    auto* ctx = static_cast<DeviceContext*>(Context);

    if (NumBytesTransferred == 0) {
        return;
    }
    auto* data = static_cast<PUCHAR>(WdfMemoryGetBuffer(Buffer, nullptr));
    InterlockedExchange(&ctx->LastButtonState, data[0]);
}

static BOOLEAN EvtReadersFailed(_In_ WDFUSBPIPE Pipe, _In_ NTSTATUS Status, _In_ USBD_STATUS UsbdStatus)
{
    UNREFERENCED_PARAMETER(Pipe);
    KLOG("reader failed 0x%08X usbd 0x%08X", Status, UsbdStatus);
    return TRUE;
}

static NTSTATUS SendSetColor(DeviceContext* ctx, const UCHAR rgb[3])
{
    WDF_USB_CONTROL_SETUP_PACKET packet;
    WDF_USB_CONTROL_SETUP_PACKET_INIT_VENDOR(&packet, BmRequestHostToDevice, BmRequestToDevice,
                                             kVendorSetColor, 0, 0);

    WDF_MEMORY_DESCRIPTOR desc;
    UCHAR buffer[3] = { rgb[0], rgb[1], rgb[2] };
    WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&desc, buffer, sizeof(buffer));

    return WdfUsbTargetDeviceSendControlTransferSynchronously(ctx->UsbDevice, WDF_NO_HANDLE,
                                                              nullptr, &packet, &desc, nullptr);
}

static VOID EvtIoDeviceControl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request,
                               _In_ size_t OutputBufferLength, _In_ size_t InputBufferLength,
                               _In_ ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    DeviceContext* ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    size_t info = 0;
    PVOID buffer = nullptr;

    switch (IoControlCode) {
    case IOCTL_USBBLINK_SET_COLOR:
        status = WdfRequestRetrieveInputBuffer(Request, 3, &buffer, nullptr);
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(ctx->Color, buffer, 3);
            status = SendSetColor(ctx, ctx->Color);
        }
        break;

    case IOCTL_USBBLINK_GET_BUTTON:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(LONG), &buffer, nullptr);
        if (NT_SUCCESS(status)) {
            *static_cast<PLONG>(buffer) = InterlockedCompareExchange(&ctx->LastButtonState, 0, 0);
            info = sizeof(LONG);
        }
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

} // namespace usbdev
