#include "usbmon.h"
#include <initguid.h>

/* {C4B1E5A2-0F3D-4A9E-B6C8-7D2E1F0A9B35} */
DEFINE_GUID(GUID_DEVINTERFACE_USBMON,
    0xc4b1e5a2, 0x0f3d, 0x4a9e, 0xb6, 0xc8, 0x7d, 0x2e, 0x1f, 0x0a, 0x9b, 0x35);

NTSTATUS UmEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_OBJECT_ATTRIBUTES attr;
    WDF_IO_QUEUE_CONFIG qc;
    WDFDEVICE device;
    PUM_DEVICE ctx;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = UmEvtPrepareHardware;
    pnp.EvtDeviceD0Entry         = UmEvtD0Entry;
    pnp.EvtDeviceD0Exit          = UmEvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attr, UM_DEVICE);
    attr.EvtCleanupCallback = UmEvtDeviceCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attr, &device);
    if (!NT_SUCCESS(status))
        return status;      /* framework frees DeviceInit for AddDevice */
    ctx = UmGetDevice(device);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchParallel);
    qc.EvtIoDeviceControl = UmEvtIoctl;
    status = WdfIoQueueCreate(device, &qc, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status))
        return status;

    WDF_IO_QUEUE_CONFIG_INIT(&qc, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(device, &qc, WDF_NO_OBJECT_ATTRIBUTES, &ctx->PendingReads);
    if (!NT_SUCCESS(status))
        return status;

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_USBMON, NULL);
    if (!NT_SUCCESS(status))
        return status;

    TraceLoggingWrite(UmProvider, "DeviceAdded", TraceLoggingLevel(TRACE_LEVEL_INFORMATION),
                      TraceLoggingPointer(device, "Device"));
    return STATUS_SUCCESS;
}

VOID UmEvtDeviceCleanup(WDFOBJECT Object)
{
    TraceLoggingWrite(UmProvider, "DeviceRemoved", TraceLoggingLevel(TRACE_LEVEL_INFORMATION),
                      TraceLoggingPointer(Object, "Device"),
                      TraceLoggingUInt32(UmGetDevice((WDFDEVICE)Object)->Reports, "Reports"));
}

NTSTATUS UmEvtPrepareHardware(WDFDEVICE Device, WDFCMRESLIST Raw, WDFCMRESLIST Translated)
{
    PUM_DEVICE ctx = UmGetDevice(Device);
    WDF_USB_DEVICE_CREATE_CONFIG cc;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS sp;
    WDF_USB_PIPE_INFORMATION pi;
    WDF_USB_CONTINUOUS_READER_CONFIG rc;
    WDFUSBINTERFACE intf;
    WDFUSBPIPE pipe;
    UCHAR i, n;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Raw);
    UNREFERENCED_PARAMETER(Translated);

    if (ctx->Usb != NULL)
        return STATUS_SUCCESS;      /* restart: everything below is still set up */

    WDF_USB_DEVICE_CREATE_CONFIG_INIT(&cc, USBD_CLIENT_CONTRACT_VERSION_602);
    status = WdfUsbTargetDeviceCreateWithParameters(Device, &cc, WDF_NO_OBJECT_ATTRIBUTES, &ctx->Usb);
    if (!NT_SUCCESS(status))
        return status;

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&sp);
    status = WdfUsbTargetDeviceSelectConfig(ctx->Usb, WDF_NO_OBJECT_ATTRIBUTES, &sp);
    if (!NT_SUCCESS(status))
        return status;
    intf = sp.Types.SingleInterface.ConfiguredUsbInterface;

    n = WdfUsbInterfaceGetNumConfiguredPipes(intf);
    for (i = 0; i < n && ctx->InPipe == NULL; i++) {
        WDF_USB_PIPE_INFORMATION_INIT(&pi);
        pipe = WdfUsbInterfaceGetConfiguredPipe(intf, i, &pi);
        if (pi.PipeType == WdfUsbPipeTypeInterrupt && WdfUsbTargetPipeIsInEndpoint(pipe))
            ctx->InPipe = pipe;
    }
    if (ctx->InPipe == NULL)
        return STATUS_DEVICE_CONFIGURATION_ERROR;

    WdfUsbTargetPipeSetNoMaximumPacketSizeCheck(ctx->InPipe);
    WDF_USB_CONTINUOUS_READER_CONFIG_INIT(&rc, UmEvtReadComplete, ctx, UM_REPORT_MAX);
    rc.EvtUsbTargetPipeReadersFailed = UmEvtReadersFailed;
    return WdfUsbTargetPipeConfigContinuousReader(ctx->InPipe, &rc);
}

NTSTATUS UmEvtD0Entry(WDFDEVICE Device, WDF_POWER_DEVICE_STATE PreviousState)
{
    UNREFERENCED_PARAMETER(PreviousState);
    return WdfIoTargetStart(WdfUsbTargetPipeGetIoTarget(UmGetDevice(Device)->InPipe));
}

NTSTATUS UmEvtD0Exit(WDFDEVICE Device, WDF_POWER_DEVICE_STATE TargetState)
{
    UNREFERENCED_PARAMETER(TargetState);
    WdfIoTargetStop(WdfUsbTargetPipeGetIoTarget(UmGetDevice(Device)->InPipe), WdfIoTargetCancelSentIo);
    return STATUS_SUCCESS;
}

VOID UmEvtReadComplete(WDFUSBPIPE Pipe, WDFMEMORY Buffer, size_t NumBytes, WDFCONTEXT Context)
{
    PUM_DEVICE ctx = (PUM_DEVICE)Context;
    PUCHAR data = (PUCHAR)WdfMemoryGetBuffer(Buffer, NULL);
    WDFREQUEST req;
    PVOID out;
    size_t outLen;

    UNREFERENCED_PARAMETER(Pipe);

    ctx->Reports++;
    TraceLoggingWrite(UmProvider, "Report", TraceLoggingLevel(TRACE_LEVEL_VERBOSE),
                      TraceLoggingBinary(data, (UINT16)NumBytes, "Data"));

    /* hand the report to one waiting reader, if there is one */
    if (!NT_SUCCESS(WdfIoQueueRetrieveNextRequest(ctx->PendingReads, &req)))
        return;

    if (NT_SUCCESS(WdfRequestRetrieveOutputBuffer(req, NumBytes, &out, &outLen))) {
        RtlCopyMemory(out, data, NumBytes);
        WdfRequestCompleteWithInformation(req, STATUS_SUCCESS, NumBytes);
    } else {
        WdfRequestComplete(req, STATUS_BUFFER_TOO_SMALL);
    }
}

BOOLEAN UmEvtReadersFailed(WDFUSBPIPE Pipe, NTSTATUS Status, USBD_STATUS UsbdStatus)
{
    UNREFERENCED_PARAMETER(Pipe);
    TraceLoggingWrite(UmProvider, "ReadersFailed", TraceLoggingLevel(TRACE_LEVEL_WARNING),
                      TraceLoggingNTStatus(Status, "Status"),
                      TraceLoggingUInt32((UINT32)UsbdStatus, "UsbdStatus"));
    return TRUE;    /* let the framework reset the pipe and restart the readers */
}

VOID UmEvtIoctl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                size_t InputBufferLength, ULONG IoControlCode)
{
    PUM_DEVICE ctx = UmGetDevice(WdfIoQueueGetDevice(Queue));
    NTSTATUS status;

    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode != IOCTL_USBMON_READ_REPORT) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }
    if (OutputBufferLength == 0) {
        WdfRequestComplete(Request, STATUS_INVALID_PARAMETER);
        return;
    }

    status = WdfRequestForwardToIoQueue(Request, ctx->PendingReads);
    if (!NT_SUCCESS(status))
        WdfRequestComplete(Request, status);
}
