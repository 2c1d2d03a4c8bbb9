#include "cyclepad.h"
#include "device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, CpEvtDeviceAdd)
#pragma alloc_text(PAGE, CpCreateQueues)
#pragma alloc_text(PAGE, CpEvtPrepareHardware)
#endif

NTSTATUS
CpEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_OBJECT_ATTRIBUTES attributes;
    PCP_DEVICE_CONTEXT ctx;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = CpEvtPrepareHardware;
    pnp.EvtDeviceD0Entry = CpEvtD0Entry;
    pnp.EvtDeviceD0Exit = CpEvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, CP_DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate %!STATUS!", status);
        return status;
    }

    ctx = CpGetContext(device);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &ctx->ReadingLock);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfSpinLockCreate %!STATUS!", status);
        return status;
    }

    status = CpCreateQueues(device, ctx);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_CYCLEPAD, NULL);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "interface %!STATUS!", status);
        return status;
    }

    return STATUS_SUCCESS;
}

NTSTATUS
CpCreateQueues(
    _In_ WDFDEVICE Device,
    _In_ PCP_DEVICE_CONTEXT Ctx
    )
{
    WDF_IO_QUEUE_CONFIG qc;
    NTSTATUS status;

    PAGED_CODE();

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchParallel);
    qc.EvtIoRead = CpEvtIoRead;
    status = WdfIoQueueCreate(Device, &qc, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "default queue %!STATUS!", status);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&qc, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(Device, &qc, WDF_NO_OBJECT_ATTRIBUTES, &Ctx->PendingReads);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "pending queue %!STATUS!", status);
    }
    return status;
}

NTSTATUS
CpEvtPrepareHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourcesRaw,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    PCP_DEVICE_CONTEXT ctx = CpGetContext(Device);
    WDF_USB_DEVICE_CREATE_CONFIG createConfig;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS selectParams;
    WDF_USB_CONTINUOUS_READER_CONFIG readerConfig;
    WDF_USB_PIPE_INFORMATION pipeInfo;
    WDFUSBINTERFACE usbInterface;
    UCHAR i, count;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(ResourcesRaw);
    UNREFERENCED_PARAMETER(ResourcesTranslated);
    PAGED_CODE();

    if (ctx->UsbDevice == NULL) {
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&createConfig, USBD_CLIENT_CONTRACT_VERSION_602);
        status = WdfUsbTargetDeviceCreateWithParameters(Device, &createConfig,
                                                        WDF_NO_OBJECT_ATTRIBUTES,
                                                        &ctx->UsbDevice);
        if (!NT_SUCCESS(status)) {
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "usb device %!STATUS!", status);
            return status;
        }
    }

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&selectParams);
    status = WdfUsbTargetDeviceSelectConfig(ctx->UsbDevice, WDF_NO_OBJECT_ATTRIBUTES,
                                            &selectParams);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "select config %!STATUS!", status);
        return status;
    }

    usbInterface = selectParams.Types.SingleInterface.ConfiguredUsbInterface;
    count = selectParams.Types.SingleInterface.NumberConfiguredPipes;
    ctx->InterruptIn = NULL;

    for (i = 0; i < count && ctx->InterruptIn == NULL; i++) {
        WDFUSBPIPE pipe;
        WDF_USB_PIPE_INFORMATION_INIT(&pipeInfo);
        pipe = WdfUsbInterfaceGetConfiguredPipe(usbInterface, i, &pipeInfo);
        if (pipeInfo.PipeType == WdfUsbPipeTypeInterrupt && WdfUsbTargetPipeIsInEndpoint(pipe)) {
            ctx->InterruptIn = pipe;
        }
    }

    if (ctx->InterruptIn == NULL) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "no interrupt IN endpoint");
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    WdfUsbTargetPipeSetNoMaximumPacketSizeCheck(ctx->InterruptIn);

    WDF_USB_CONTINUOUS_READER_CONFIG_INIT(&readerConfig, CpEvtReaderComplete, ctx, CP_REPORT_LEN);
    readerConfig.EvtUsbTargetPipeReadersFailed = CpEvtReadersFailed;

    status = WdfUsbTargetPipeConfigContinuousReader(ctx->InterruptIn, &readerConfig);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_READER, "continuous reader %!STATUS!", status);
    }
    return status;
}

NTSTATUS
CpEvtD0Entry(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PCP_DEVICE_CONTEXT ctx = CpGetContext(Device);
    UNREFERENCED_PARAMETER(PreviousState);

    return WdfIoTargetStart(WdfUsbTargetPipeGetIoTarget(ctx->InterruptIn));
}

NTSTATUS
CpEvtD0Exit(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PCP_DEVICE_CONTEXT ctx = CpGetContext(Device);
    UNREFERENCED_PARAMETER(TargetState);

    WdfIoTargetStop(WdfUsbTargetPipeGetIoTarget(ctx->InterruptIn), WdfIoTargetCancelSentIo);
    return STATUS_SUCCESS;
}

VOID
CpEvtReaderComplete(
    _In_ WDFUSBPIPE Pipe,
    _In_ WDFMEMORY  Buffer,
    _In_ size_t     NumBytesTransferred,
    _In_ WDFCONTEXT Context
    )
{
    PCP_DEVICE_CONTEXT ctx = (PCP_DEVICE_CONTEXT)Context;
    PUCHAR r;
    USHORT revs;
    CP_READING snap;
    WDFREQUEST request;
    PVOID out;

    UNREFERENCED_PARAMETER(Pipe);

    if (NumBytesTransferred < CP_REPORT_LEN) {
        return;
    }
    r = (PUCHAR)WdfMemoryGetBuffer(Buffer, NULL);
    revs = (USHORT)(r[0] | (r[1] << 8));

    WdfSpinLockAcquire(ctx->ReadingLock);
    if (ctx->HaveFirst) {
        ctx->Reading.CrankRevs += (USHORT)(revs - ctx->LastRawRevs);
    }
    ctx->HaveFirst = TRUE;
    ctx->LastRawRevs = revs;
    ctx->Reading.LastEventTime = (USHORT)(r[2] | (r[3] << 8));
    ctx->Reading.Buttons = r[4];
    ctx->Reading.Battery = r[5];
    snap = ctx->Reading;
    WdfSpinLockRelease(ctx->ReadingLock);

    while (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(ctx->PendingReads, &request))) {
        if (NT_SUCCESS(WdfRequestRetrieveOutputBuffer(request, sizeof(CP_READING), &out, NULL))) {
            *(PCP_READING)out = snap;
            WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, sizeof(CP_READING));
        } else {
            WdfRequestComplete(request, STATUS_BUFFER_TOO_SMALL);
        }
    }
}

BOOLEAN
CpEvtReadersFailed(
    _In_ WDFUSBPIPE  Pipe,
    _In_ NTSTATUS    Status,
    _In_ USBD_STATUS UsbdStatus
    )
{
    UNREFERENCED_PARAMETER(Pipe);
    TraceEvents(TRACE_LEVEL_WARNING, TRACE_READER, "readers failed %!STATUS! usbd %x",
                Status, UsbdStatus);
    return TRUE;
}

VOID
CpEvtIoRead(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    PCP_DEVICE_CONTEXT ctx = CpGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status;

    if (Length < sizeof(CP_READING)) {
        WdfRequestComplete(Request, STATUS_BUFFER_TOO_SMALL);
        return;
    }

    status = WdfRequestForwardToIoQueue(Request, ctx->PendingReads);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "forward %!STATUS!", status);
        WdfRequestComplete(Request, status);
    }
}
