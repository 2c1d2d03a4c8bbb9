#include "bulkloop.h"

using bulk::DeviceContext;
using bulk::SpinGuard;

NTSTATUS
BlEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    UNREFERENCED_PARAMETER(Driver);

    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = BlEvtPrepareHardware;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoDirect);

    WDF_OBJECT_ATTRIBUTES attr;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attr, DeviceContext);

    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&DeviceInit, &attr, &device);
    if (!NT_SUCCESS(status)) {
        LOGERR("WdfDeviceCreate %08X", status);
        return status;
    }

    DeviceContext* ctx = GetDeviceContext(device);
    ctx->MaxTransfer = bulk::Config::s_MaxTransfer;

    //
    // Requests we have sent to the pipes, so EvtIoStop can find them.
    //
    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = device;
    WdfCollectionCreate(&attr, &ctx->InFlight);

    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = device;
    status = WdfSpinLockCreate(&attr, &ctx->InFlightLock);
    if (!NT_SUCCESS(status)) {
        LOGERR("WdfSpinLockCreate %08X", status);
        return status;
    }

    WDF_IO_QUEUE_CONFIG qc;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchParallel);
    qc.EvtIoRead = BlEvtIoRead;
    qc.EvtIoWrite = BlEvtIoWrite;
    qc.EvtIoStop = BlEvtIoStop;

    status = WdfIoQueueCreate(device, &qc, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        LOGERR("WdfIoQueueCreate %08X", status);
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_BULKLOOP, nullptr);
    if (!NT_SUCCESS(status)) {
        LOGERR("WdfDeviceCreateDeviceInterface %08X", status);
    }
    return status;
}

NTSTATUS
BlEvtPrepareHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourcesRaw,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    UNREFERENCED_PARAMETER(ResourcesRaw);
    UNREFERENCED_PARAMETER(ResourcesTranslated);

    DeviceContext* ctx = GetDeviceContext(Device);
    NTSTATUS status;

    if (ctx->UsbDevice == nullptr) {
        WDF_USB_DEVICE_CREATE_CONFIG cc;
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&cc, USBD_CLIENT_CONTRACT_VERSION_602);
        status = WdfUsbTargetDeviceCreateWithParameters(Device, &cc, WDF_NO_OBJECT_ATTRIBUTES,
                                                        &ctx->UsbDevice);
        if (!NT_SUCCESS(status)) {
            LOGERR("WdfUsbTargetDeviceCreateWithParameters %08X", status);
            return status;
        }
    }

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS sel;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&sel);
    status = WdfUsbTargetDeviceSelectConfig(ctx->UsbDevice, WDF_NO_OBJECT_ATTRIBUTES, &sel);
    if (!NT_SUCCESS(status)) {
        LOGERR("SelectConfig %08X", status);
        return status;
    }

    ctx->UsbInterface = sel.Types.SingleInterface.ConfiguredUsbInterface;
    ctx->BulkIn = ctx->BulkOut = nullptr;

    const BYTE n = WdfUsbInterfaceGetNumConfiguredPipes(ctx->UsbInterface);
    for (BYTE i = 0; i < n; i++) {
        WDF_USB_PIPE_INFORMATION info;
        WDF_USB_PIPE_INFORMATION_INIT(&info);
        WDFUSBPIPE pipe = WdfUsbInterfaceGetConfiguredPipe(ctx->UsbInterface, i, &info);
        if (info.PipeType != WdfUsbPipeTypeBulk) {
            continue;
        }
        if (bulk::Config::s_ShortPacketOk) {
            WdfUsbTargetPipeSetNoMaximumPacketSizeCheck(pipe);
        }
        if (WdfUsbTargetPipeIsInEndpoint(pipe)) {
            ctx->BulkIn = pipe;
        } else if (WdfUsbTargetPipeIsOutEndpoint(pipe)) {
            ctx->BulkOut = pipe;
        }
    }

    if (ctx->BulkIn == nullptr || ctx->BulkOut == nullptr) {
        LOGERR("missing bulk pipes");
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    return STATUS_SUCCESS;
}

static void
BlSend(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length,
    _In_ bool Read
    )
{
    DeviceContext* ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    WDFUSBPIPE pipe = Read ? ctx->BulkIn : ctx->BulkOut;
    WDFMEMORY mem;
    NTSTATUS status;

    if (Length > ctx->MaxTransfer) {
        WdfRequestComplete(Request, STATUS_INVALID_BUFFER_SIZE);
        return;
    }

    status = Read ? WdfRequestRetrieveOutputMemory(Request, &mem)
                  : WdfRequestRetrieveInputMemory(Request, &mem);
    if (NT_SUCCESS(status)) {
        status = Read ? WdfUsbTargetPipeFormatRequestForRead(pipe, Request, mem, nullptr)
                      : WdfUsbTargetPipeFormatRequestForWrite(pipe, Request, mem, nullptr);
    }
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WdfRequestSetCompletionRoutine(Request, BlEvtRequestComplete, ctx);

    {
        SpinGuard g(ctx->InFlightLock);
        status = WdfCollectionAdd(ctx->InFlight, Request);
    }
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    if (!WdfRequestSend(Request, WdfUsbTargetPipeGetIoTarget(pipe), WDF_NO_SEND_OPTIONS)) {
        status = WdfRequestGetStatus(Request);
        {
            SpinGuard g(ctx->InFlightLock);
            WdfCollectionRemove(ctx->InFlight, Request);
        }
        WdfRequestComplete(Request, status);
    }
}

VOID BlEvtIoRead(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    BlSend(Queue, Request, Length, true);
}

VOID BlEvtIoWrite(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    BlSend(Queue, Request, Length, false);
}

VOID
BlEvtRequestComplete(
    _In_ WDFREQUEST                     Request,
    _In_ WDFIOTARGET                    Target,
    _In_ PWDF_REQUEST_COMPLETION_PARAMS Params,
    _In_ WDFCONTEXT                     Context
    )
{
    UNREFERENCED_PARAMETER(Target);
    DeviceContext* ctx = static_cast<DeviceContext*>(Context);
    PWDF_USB_REQUEST_COMPLETION_PARAMS usb = Params->Parameters.Usb.Completion;
    size_t bytes = 0;

    if (NT_SUCCESS(Params->IoStatus.Status)) {
        bytes = (usb->Type == WdfUsbRequestTypePipeRead) ? usb->Parameters.PipeRead.Length
                                                         : usb->Parameters.PipeWrite.Length;
    }

    {
        SpinGuard g(ctx->InFlightLock);
        WdfCollectionRemove(ctx->InFlight, Request);
    }
    WdfRequestCompleteWithInformation(Request, Params->IoStatus.Status, bytes);
}

VOID
BlEvtIoStop(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ ULONG      ActionFlags
    )
{
    UNREFERENCED_PARAMETER(Queue);

    if (ActionFlags & WdfRequestStopActionSuspend) {
        WdfRequestStopAcknowledge(Request, FALSE);
    } else if (ActionFlags & WdfRequestStopActionPurge) {
        WdfRequestCancelSentRequest(Request);
    }
}
