/*
 * device.c - device add, USB configuration, power transitions and the
 * continuous reader on the interrupt endpoint.
 */
#include "usbtemp.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, UtEvtDeviceAdd)
#pragma alloc_text(PAGE, UtEvtPrepareHardware)
#pragma alloc_text(PAGE, UtEvtD0Exit)
#endif

NTSTATUS
UtEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnpPowerCallbacks;
    WDF_OBJECT_ATTRIBUTES        attributes;
    WDF_IO_QUEUE_CONFIG          queueConfig;
    WDFDEVICE                    device;
    PUT_DEVICE_CONTEXT           ctx;
    NTSTATUS                     status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    UT_INFO(("UtEvtDeviceAdd\n"));

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPowerCallbacks);
    pnpPowerCallbacks.EvtDevicePrepareHardware = UtEvtPrepareHardware;
    pnpPowerCallbacks.EvtDeviceD0Entry         = UtEvtD0Entry;
    pnpPowerCallbacks.EvtDeviceD0Exit          = UtEvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPowerCallbacks);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, UT_DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    UT_CHECK(status, "WdfDeviceCreate");

    ctx = UtGetContext(device);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &ctx->ReadingLock);
    UT_CHECK(status, "WdfSpinLockCreate");

    // default queue: GET_READING is answered inline, WAIT_READING is parked
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = UtEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    UT_CHECK(status, "WdfIoQueueCreate(default)");

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    queueConfig.PowerManaged = WdfFalse;
    WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->NotifyQueue);

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_USBTEMP, NULL);
    UT_CHECK(status, "WdfDeviceCreateDeviceInterface");

    return status;
}

NTSTATUS
UtEvtPrepareHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourcesRaw,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    PUT_DEVICE_CONTEXT                  ctx = UtGetContext(Device);
    WDF_USB_DEVICE_CREATE_CONFIG        createConfig;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS selectParams;
    WDF_USB_PIPE_INFORMATION            pipeInfo;
    WDF_USB_CONTINUOUS_READER_CONFIG    readerConfig;
    WDFUSBPIPE                          pipe;
    UCHAR                               i, count;
    NTSTATUS                            status;

    UNREFERENCED_PARAMETER(ResourcesRaw);
    UNREFERENCED_PARAMETER(ResourcesTranslated);
    PAGED_CODE();

    if (ctx->UsbDevice == NULL) {
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&createConfig, USBD_CLIENT_CONTRACT_VERSION_602);
        status = WdfUsbTargetDeviceCreateWithParameters(Device, &createConfig,
                                                        WDF_NO_OBJECT_ATTRIBUTES, &ctx->UsbDevice);
        UT_CHECK(status, "WdfUsbTargetDeviceCreateWithParameters");
    }

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&selectParams);
    status = WdfUsbTargetDeviceSelectConfig(ctx->UsbDevice, WDF_NO_OBJECT_ATTRIBUTES, &selectParams);
    UT_CHECK(status, "WdfUsbTargetDeviceSelectConfig");

    ctx->UsbInterface  = selectParams.Types.SingleInterface.ConfiguredUsbInterface;
    ctx->InterruptPipe = NULL;

    count = selectParams.Types.SingleInterface.NumberConfiguredPipes;
    for (i = 0; i < count; i++) {
        WDF_USB_PIPE_INFORMATION_INIT(&pipeInfo);
        pipe = WdfUsbInterfaceGetConfiguredPipe(ctx->UsbInterface, i, &pipeInfo);
        if (pipeInfo.PipeType == WdfUsbPipeTypeInterrupt &&
            WdfUsbTargetPipeIsInEndpoint(pipe)) {
            ctx->InterruptPipe = pipe;
            break;
        }
    }

    if (ctx->InterruptPipe == NULL) {
        UT_ERR(("no interrupt IN pipe\n"));
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    // the stick sends short packets now and then, don't fail on those
    WdfUsbTargetPipeSetNoMaximumPacketSizeCheck(ctx->InterruptPipe);

    WDF_USB_CONTINUOUS_READER_CONFIG_INIT(&readerConfig, UtEvtReadComplete, ctx,
                                          sizeof(USBTEMP_READING));
    readerConfig.EvtUsbTargetPipeReadersFailed = UtEvtReadersFailed;

    status = WdfUsbTargetPipeConfigContinuousReader(ctx->InterruptPipe, &readerConfig);
    UT_CHECK(status, "WdfUsbTargetPipeConfigContinuousReader");

    return STATUS_SUCCESS;
}

NTSTATUS
UtEvtD0Entry(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PUT_DEVICE_CONTEXT ctx = UtGetContext(Device);

    UT_INFO(("D0Entry from D%d\n", PreviousState - WdfPowerDeviceD0));

    return WdfIoTargetStart(WdfUsbTargetPipeGetIoTarget(ctx->InterruptPipe));
}

NTSTATUS
UtEvtD0Exit(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PUT_DEVICE_CONTEXT ctx = UtGetContext(Device);

    PAGED_CODE();
    UT_INFO(("D0Exit to D%d\n", TargetState - WdfPowerDeviceD0));

    WdfIoTargetStop(WdfUsbTargetPipeGetIoTarget(ctx->InterruptPipe), WdfIoTargetCancelSentIo);
    return STATUS_SUCCESS;
}

VOID
UtEvtReadComplete(
    _In_ WDFUSBPIPE Pipe,
    _In_ WDFMEMORY  Buffer,
    _In_ size_t     NumBytesTransferred,
    _In_ WDFCONTEXT Context
    )
{
    PUT_DEVICE_CONTEXT ctx = (PUT_DEVICE_CONTEXT)Context;
    PUSBTEMP_READING   sample;
    USBTEMP_READING    copy;
    WDFREQUEST         request;
    PVOID              out;
    NTSTATUS           status;

    UNREFERENCED_PARAMETER(Pipe);

    if (NumBytesTransferred < sizeof(USBTEMP_READING)) {
        return;
    }

    sample = (PUSBTEMP_READING)WdfMemoryGetBuffer(Buffer, NULL);

    WdfSpinLockAcquire(ctx->ReadingLock);
    ctx->LastReading = *sample;
    ctx->HaveReading = TRUE;
    ctx->SampleCount++;
    copy = ctx->LastReading;
    WdfSpinLockRelease(ctx->ReadingLock);

    // wake everybody that is waiting for a sample
    while (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(ctx->NotifyQueue, &request))) {
        status = WdfRequestRetrieveOutputBuffer(request, sizeof(USBTEMP_READING), &out, NULL);
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(out, &copy, sizeof(copy));
            WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, sizeof(copy));
        } else {
            WdfRequestComplete(request, status);
        }
    }
}

BOOLEAN
UtEvtReadersFailed(
    _In_ WDFUSBPIPE Pipe,
    _In_ NTSTATUS   Status,
    _In_ USBD_STATUS UsbdStatus
    )
{
    UNREFERENCED_PARAMETER(Pipe);

    UT_ERR(("continuous reader failed 0x%08X usbd 0x%08X\n", Status, UsbdStatus));

    // TRUE: let the framework reset the pipe and restart the reader
    return TRUE;
}
