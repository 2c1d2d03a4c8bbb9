//
// device.cpp - USB configuration, continuous reader, queues
//
#include "thermo.h"
#include "device.tmh"

NTSTATUS
thermo::Device::CreateQueues(_In_ WDFDEVICE Device, _In_ PTHERMO_CONTEXT Ctx)
{
    WDF_IO_QUEUE_CONFIG queueConfig;
    NTSTATUS            status;

    PAGED_CODE();

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = EvtIoDeviceControl;

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "default queue %!STATUS!", status);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &Ctx->WaitQueue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "wait queue %!STATUS!", status);
    }
    return status;
}

NTSTATUS
thermo::Device::EvtPrepareHardware(_In_ WDFDEVICE Device, _In_ WDFCMRESLIST Resources,
                                   _In_ WDFCMRESLIST ResourcesTranslated)
{
    PTHERMO_CONTEXT                     ctx = ThermoGetContext(Device);
    WDF_USB_DEVICE_CREATE_CONFIG        createConfig;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS selectParams;
    WDF_USB_CONTINUOUS_READER_CONFIG    readerConfig;
    WDFUSBINTERFACE                     usbInterface;
    NTSTATUS                            status;

    UNREFERENCED_PARAMETER(Resources);
    UNREFERENCED_PARAMETER(ResourcesTranslated);
    PAGED_CODE();

    if (ctx->UsbDevice == nullptr) {
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&createConfig, USBD_CLIENT_CONTRACT_VERSION_602);
        status = WdfUsbTargetDeviceCreateWithParameters(Device, &createConfig,
                                                        WDF_NO_OBJECT_ATTRIBUTES, &ctx->UsbDevice);
        if (!NT_SUCCESS(status)) {
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "usb target %!STATUS!", status);
            return status;
        }

        WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&selectParams);
        status = WdfUsbTargetDeviceSelectConfig(ctx->UsbDevice, WDF_NO_OBJECT_ATTRIBUTES, &selectParams);
        if (!NT_SUCCESS(status)) {
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "select config %!STATUS!", status);
            return status;
        }

        usbInterface = selectParams.Types.SingleInterface.ConfiguredUsbInterface;

        for (UCHAR i = 0; i < selectParams.Types.SingleInterface.NumberConfiguredPipes; i++) {
            WDF_USB_PIPE_INFORMATION info;
            WDF_USB_PIPE_INFORMATION_INIT(&info);
            WDFUSBPIPE pipe = WdfUsbInterfaceGetConfiguredPipe(usbInterface, i, &info);
            if (info.PipeType == WdfUsbPipeTypeInterrupt && WdfUsbTargetPipeIsInEndpoint(pipe)) {
                ctx->InterruptPipe = pipe;
                break;
            }
        }

        if (ctx->InterruptPipe == nullptr) {
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "no interrupt IN endpoint");
            return STATUS_DEVICE_CONFIGURATION_ERROR;
        }

        WdfUsbTargetPipeSetNoMaximumPacketSizeCheck(ctx->InterruptPipe);

        WDF_USB_CONTINUOUS_READER_CONFIG_INIT(&readerConfig, EvtSampleReady, ctx, THERMO_SAMPLE_SIZE);
        status = WdfUsbTargetPipeConfigContinuousReader(ctx->InterruptPipe, &readerConfig);
        if (!NT_SUCCESS(status)) {
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "continuous reader %!STATUS!", status);
            return status;
        }
    }

    return STATUS_SUCCESS;
}

NTSTATUS
thermo::Device::EvtD0Entry(_In_ WDFDEVICE Device, _In_ WDF_POWER_DEVICE_STATE PreviousState)
{
    PTHERMO_CONTEXT ctx = ThermoGetContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    return WdfIoTargetStart(WdfUsbTargetPipeGetIoTarget(ctx->InterruptPipe));
}

NTSTATUS
thermo::Device::EvtD0Exit(_In_ WDFDEVICE Device, _In_ WDF_POWER_DEVICE_STATE TargetState)
{
    PTHERMO_CONTEXT ctx = ThermoGetContext(Device);

    UNREFERENCED_PARAMETER(TargetState);
    PAGED_CODE();

    WdfIoTargetStop(WdfUsbTargetPipeGetIoTarget(ctx->InterruptPipe), WdfIoTargetCancelSentIo);
    return STATUS_SUCCESS;
}

VOID
thermo::Device::EvtSampleReady(_In_ WDFUSBPIPE Pipe, _In_ WDFMEMORY Buffer,
                               _In_ size_t NumBytesTransferred, _In_ WDFCONTEXT Context)
{
    PTHERMO_CONTEXT ctx = static_cast<PTHERMO_CONTEXT>(Context);
    THERMO_SAMPLE   sample;
    WDFREQUEST      request;

    UNREFERENCED_PARAMETER(Pipe);

    if (NumBytesTransferred < THERMO_SAMPLE_SIZE) {
        return;
    }

    const UCHAR* raw = static_cast<const UCHAR*>(WdfMemoryGetBuffer(Buffer, nullptr));
    const SHORT  sixteenths = static_cast<SHORT>(raw[2] | (raw[3] << 8));

    sample.Sequence       = raw[0];
    sample.MilliCelsius   = (static_cast<LONG>(sixteenths) * 1000) / 16;
    sample.DeviceUptimeMs = raw[4] | (raw[5] << 8) | (raw[6] << 16) | (static_cast<ULONG>(raw[7]) << 24);

    WdfSpinLockAcquire(ctx->SampleLock);
    ctx->Latest     = sample;
    ctx->HaveSample = TRUE;
    WdfSpinLockRelease(ctx->SampleLock);

    while (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(ctx->WaitQueue, &request))) {
        PTHERMO_SAMPLE out;
        NTSTATUS status = WdfRequestRetrieveOutputBuffer(request, sizeof(THERMO_SAMPLE),
                                                         reinterpret_cast<PVOID*>(&out), nullptr);
        if (NT_SUCCESS(status)) {
            *out = sample;
            WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, sizeof(THERMO_SAMPLE));
        } else {
            WdfRequestComplete(request, status);
        }
    }
}

VOID
thermo::Device::EvtIoDeviceControl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request,
                                   _In_ size_t OutputBufferLength, _In_ size_t InputBufferLength,
                                   _In_ ULONG IoControlCode)
{
    PTHERMO_CONTEXT ctx = ThermoGetContext(WdfIoQueueGetDevice(Queue));
    PTHERMO_SAMPLE  out = nullptr;
    NTSTATUS        status;
    size_t          info = 0;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_THERMO_GET_SAMPLE:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(THERMO_SAMPLE),
                                                reinterpret_cast<PVOID*>(&out), nullptr);
        if (!NT_SUCCESS(status)) {
            break;
        }
        WdfSpinLockAcquire(ctx->SampleLock);
        if (ctx->HaveSample) {
            *out = ctx->Latest;
            info = sizeof(THERMO_SAMPLE);
        } else {
            status = STATUS_DEVICE_NOT_READY;
        }
        WdfSpinLockRelease(ctx->SampleLock);
        break;

    case IOCTL_THERMO_WAIT_SAMPLE:
        status = WdfRequestForwardToIoQueue(Request, ctx->WaitQueue);
        if (NT_SUCCESS(status)) {
            return;
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
