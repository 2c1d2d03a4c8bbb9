#include "driver.h"
#include "device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, ThermoEvtDeviceAdd)
#pragma alloc_text(PAGE, ThermoEvtPrepareHardware)
#pragma alloc_text(PAGE, ThermoConfigureReader)
#endif

NTSTATUS
ThermoEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS    pnpPowerCallbacks;
    WDF_OBJECT_ATTRIBUTES           attributes;
    WDF_IO_QUEUE_CONFIG             queueConfig;
    PDEVICE_CONTEXT                 ctx;
    WDFDEVICE                       device;
    NTSTATUS                        status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "--> %!FUNC!");

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPowerCallbacks);
    pnpPowerCallbacks.EvtDevicePrepareHardware = ThermoEvtPrepareHardware;
    pnpPowerCallbacks.EvtDeviceD0Entry = ThermoEvtD0Entry;
    pnpPowerCallbacks.EvtDeviceD0Exit = ThermoEvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPowerCallbacks);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "WdfDeviceCreate failed %!STATUS!", status);
        return status;
    }

    ctx = DeviceGetContext(device);

    //
    // Lock protecting Last/History; the reader completion runs at DISPATCH.
    //
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    WdfSpinLockCreate(&attributes, &ctx->SampleLock);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = ThermoEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "WdfIoQueueCreate failed %!STATUS!", status);
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_USBTHERMO, NULL);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "WdfDeviceCreateDeviceInterface failed %!STATUS!", status);
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "<-- %!FUNC!");
    return STATUS_SUCCESS;
}

NTSTATUS
ThermoEvtPrepareHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourceList,
    _In_ WDFCMRESLIST ResourceListTranslated
    )
{
    WDF_USB_DEVICE_CREATE_CONFIG                createParams;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS         selectParams;
    WDF_USB_PIPE_INFORMATION                    pipeInfo;
    PDEVICE_CONTEXT                             ctx;
    UCHAR                                       i, numPipes;
    NTSTATUS                                    status;

    UNREFERENCED_PARAMETER(ResourceList);
    UNREFERENCED_PARAMETER(ResourceListTranslated);
    PAGED_CODE();

    ctx = DeviceGetContext(Device);

    if (ctx->UsbDevice == NULL) {
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&createParams, USBD_CLIENT_CONTRACT_VERSION_602);

        status = WdfUsbTargetDeviceCreateWithParameters(Device,
                                                        &createParams,
                                                        WDF_NO_OBJECT_ATTRIBUTES,
                                                        &ctx->UsbDevice);
        if (!NT_SUCCESS(status)) {
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                        "WdfUsbTargetDeviceCreateWithParameters failed %!STATUS!", status);
            return status;
        }
    }

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&selectParams);
    status = WdfUsbTargetDeviceSelectConfig(ctx->UsbDevice,
                                            WDF_NO_OBJECT_ATTRIBUTES,
                                            &selectParams);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "WdfUsbTargetDeviceSelectConfig failed %!STATUS!", status);
        return status;
    }

    ctx->UsbInterface = selectParams.Types.SingleInterface.ConfiguredUsbInterface;
    numPipes = selectParams.Types.SingleInterface.NumberConfiguredPipes;
    ctx->InterruptPipe = NULL;

    for (i = 0; i < numPipes; i++) {
        WDFUSBPIPE pipe;

        WDF_USB_PIPE_INFORMATION_INIT(&pipeInfo);
        pipe = WdfUsbInterfaceGetConfiguredPipe(ctx->UsbInterface, i, &pipeInfo);

        if (pipeInfo.PipeType == WdfUsbPipeTypeInterrupt &&
            WdfUsbTargetPipeIsInEndpoint(pipe)) {
            ctx->InterruptPipe = pipe;
            WdfUsbTargetPipeSetNoMaximumPacketSizeCheck(pipe);
        }
    }

    if (ctx->InterruptPipe == NULL) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "no interrupt IN pipe");
        return STATUS_INVALID_DEVICE_STATE;
    }

    return ThermoConfigureReader(ctx);
}

NTSTATUS
ThermoConfigureReader(
    _In_ PDEVICE_CONTEXT Ctx
    )
{
    WDF_USB_CONTINUOUS_READER_CONFIG readerConfig;
    NTSTATUS status;

    PAGED_CODE();

    WDF_USB_CONTINUOUS_READER_CONFIG_INIT(&readerConfig,
                                          ThermoEvtReadComplete,
                                          Ctx,
                                          THERMO_SAMPLE_BYTES);
    readerConfig.EvtUsbTargetPipeReadersFailed = ThermoEvtReadersFailed;

    status = WdfUsbTargetPipeConfigContinuousReader(Ctx->InterruptPipe, &readerConfig);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_READER,
                    "ConfigContinuousReader failed %!STATUS!", status);
        return status;
    }

    Ctx->ReaderConfigured = TRUE;
    return STATUS_SUCCESS;
}

NTSTATUS
ThermoEvtD0Entry(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PDEVICE_CONTEXT ctx = DeviceGetContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    return WdfIoTargetStart(WdfUsbTargetPipeGetIoTarget(ctx->InterruptPipe));
}

NTSTATUS
ThermoEvtD0Exit(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PDEVICE_CONTEXT ctx = DeviceGetContext(Device);

    UNREFERENCED_PARAMETER(TargetState);

    WdfIoTargetStop(WdfUsbTargetPipeGetIoTarget(ctx->InterruptPipe),
                    WdfIoTargetCancelSentIo);
    return STATUS_SUCCESS;
}

VOID
ThermoEvtReadComplete(
    _In_ WDFUSBPIPE Pipe,
    _In_ WDFMEMORY  Buffer,
    _In_ size_t     NumBytesTransferred,
    _In_ WDFCONTEXT Context
    )
{
    PDEVICE_CONTEXT ctx = (PDEVICE_CONTEXT)Context;
    PUCHAR raw;
    THERMO_SAMPLE s;

    UNREFERENCED_PARAMETER(Pipe);

    if (NumBytesTransferred < THERMO_SAMPLE_BYTES) {
        return;
    }

    raw = (PUCHAR)WdfMemoryGetBuffer(Buffer, NULL);
    s.MilliCelsius = (LONG)(SHORT)((raw[1] << 8) | raw[0]) * 10;
    s.Humidity = (USHORT)((raw[3] << 8) | raw[2]);
    s.Flags = raw[4];

    WdfSpinLockAcquire(ctx->SampleLock);
    ctx->Last = s;
    ctx->History[ctx->HistoryHead] = s;
    ctx->HistoryHead = (ctx->HistoryHead + 1) % THERMO_HISTORY;
    ctx->SampleCount++;
    WdfSpinLockRelease(ctx->SampleLock);
}

BOOLEAN
ThermoEvtReadersFailed(
    _In_ WDFUSBPIPE  Pipe,
    _In_ NTSTATUS    Status,
    _In_ USBD_STATUS UsbdStatus
    )
{
    UNREFERENCED_PARAMETER(Pipe);

    TraceEvents(TRACE_LEVEL_WARNING, TRACE_READER,
                "reader failed %!STATUS! usbd 0x%x", Status, UsbdStatus);

    // let the framework reset the pipe and restart the readers
    return TRUE;
}

VOID
ThermoEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PDEVICE_CONTEXT ctx = DeviceGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PVOID out;

    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(OutputBufferLength);

    switch (IoControlCode) {
    case IOCTL_THERMO_GET_LAST:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(THERMO_SAMPLE), &out, NULL);
        if (NT_SUCCESS(status)) {
            WdfSpinLockAcquire(ctx->SampleLock);
            *(PTHERMO_SAMPLE)out = ctx->Last;
            WdfSpinLockRelease(ctx->SampleLock);
            info = sizeof(THERMO_SAMPLE);
        }
        break;

    case IOCTL_THERMO_GET_HIST:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ctx->History), &out, NULL);
        if (NT_SUCCESS(status)) {
            WdfSpinLockAcquire(ctx->SampleLock);
            RtlCopyMemory(out, ctx->History, sizeof(ctx->History));
            WdfSpinLockRelease(ctx->SampleLock);
            info = sizeof(ctx->History);
        }
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
