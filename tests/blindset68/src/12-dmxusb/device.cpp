#include "dmx.h"

namespace dmx {

NTSTATUS
DeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = PrepareHardware;
    pnp.EvtDeviceD0Entry = D0Entry;
    pnp.EvtDeviceD0Exit = D0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WDF_OBJECT_ATTRIBUTES attr;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attr, Context);

    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&DeviceInit, &attr, &device);
    if (!NT_SUCCESS(status)) {
        DMXLOG("WdfDeviceCreate %08X", status);
        return status;
    }
    Context* ctx = GetDmxContext(device);

    // small helper so every child gets the device as parent
    auto childAttr = [device](WDF_OBJECT_ATTRIBUTES* a) {
        WDF_OBJECT_ATTRIBUTES_INIT(a);
        a->ParentObject = device;
    };

    childAttr(&attr);
    status = WdfSpinLockCreate(&attr, &ctx->FrameLock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    childAttr(&attr);
    PVOID frame = nullptr;
    status = WdfMemoryCreate(&attr, NonPagedPoolNx, DMX_TAG, DMX_FRAME_BYTES,
                             &ctx->FrameMemory, &frame);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ctx->Frame = static_cast<PUCHAR>(frame);
    RtlZeroMemory(ctx->Frame, DMX_FRAME_BYTES);     // start code 0 = dimmer data

    WDF_WORKITEM_CONFIG wc;
    WDF_WORKITEM_CONFIG_INIT(&wc, OnSend);
    childAttr(&attr);
    status = WdfWorkItemCreate(&wc, &attr, &ctx->SendWork);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_TIMER_CONFIG tc;
    WDF_TIMER_CONFIG_INIT_PERIODIC(&tc, OnRefresh, DMX_REFRESH_MS);
    childAttr(&attr);
    status = WdfTimerCreate(&tc, &attr, &ctx->Refresh);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG qc;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchSequential);
    qc.EvtIoDeviceControl = OnIoctl;
    status = WdfIoQueueCreate(device, &qc, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    return WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_DMXUSB, nullptr);
}

NTSTATUS
PrepareHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourcesRaw,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    UNREFERENCED_PARAMETER(ResourcesRaw);
    UNREFERENCED_PARAMETER(ResourcesTranslated);

    Context* ctx = GetDmxContext(Device);
    NTSTATUS status;

    if (ctx->UsbDevice == nullptr) {
        WDF_USB_DEVICE_CREATE_CONFIG cc;
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&cc, USBD_CLIENT_CONTRACT_VERSION_602);
        status = WdfUsbTargetDeviceCreateWithParameters(Device, &cc, WDF_NO_OBJECT_ATTRIBUTES,
                                                        &ctx->UsbDevice);
        if (!NT_SUCCESS(status)) {
            return status;
        }
    }

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS sel;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&sel);
    status = WdfUsbTargetDeviceSelectConfig(ctx->UsbDevice, WDF_NO_OBJECT_ATTRIBUTES, &sel);
    if (!NT_SUCCESS(status)) {
        DMXLOG("select config %08X", status);
        return status;
    }

    WDFUSBINTERFACE intf = sel.Types.SingleInterface.ConfiguredUsbInterface;
    ctx->BulkOut = nullptr;
    for (UCHAR i = 0; i < sel.Types.SingleInterface.NumberConfiguredPipes; i++) {
        WDF_USB_PIPE_INFORMATION pi;
        WDF_USB_PIPE_INFORMATION_INIT(&pi);
        WDFUSBPIPE pipe = WdfUsbInterfaceGetConfiguredPipe(intf, i, &pi);
        if (pi.PipeType == WdfUsbPipeTypeBulk && WdfUsbTargetPipeIsOutEndpoint(pipe)) {
            ctx->BulkOut = pipe;
            break;
        }
    }

    return ctx->BulkOut ? STATUS_SUCCESS : STATUS_DEVICE_CONFIGURATION_ERROR;
}

NTSTATUS
D0Entry(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    UNREFERENCED_PARAMETER(PreviousState);
    WdfTimerStart(GetDmxContext(Device)->Refresh, WDF_REL_TIMEOUT_IN_MS(DMX_REFRESH_MS));
    return STATUS_SUCCESS;
}

NTSTATUS
D0Exit(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    UNREFERENCED_PARAMETER(TargetState);
    Context* ctx = GetDmxContext(Device);

    // stop the source of work before draining the work
    WdfTimerStop(ctx->Refresh, TRUE);
    WdfWorkItemFlush(ctx->SendWork);
    return STATUS_SUCCESS;
}

VOID
OnRefresh(
    _In_ WDFTIMER Timer
    )
{
    Context* ctx = GetDmxContext(WdfTimerGetParentObject(Timer));

    if (Power::Sleeping()) {
        return;
    }
    // one send in flight at a time; skip the tick if the last one is slow
    if (InterlockedCompareExchange(&ctx->SendPending, 1, 0) == 0) {
        WdfWorkItemEnqueue(ctx->SendWork);
    }
}

VOID
OnSend(
    _In_ WDFWORKITEM WorkItem
    )
{
    Context* ctx = GetDmxContext(WdfWorkItemGetParentObject(WorkItem));
    UCHAR snapshot[DMX_FRAME_BYTES];

    {
        LockGuard g(ctx->FrameLock);
        RtlCopyMemory(snapshot, ctx->Frame, sizeof(snapshot));
    }

    WDF_MEMORY_DESCRIPTOR md;
    WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&md, snapshot, sizeof(snapshot));

    WDF_REQUEST_SEND_OPTIONS opts;
    WDF_REQUEST_SEND_OPTIONS_INIT(&opts, WDF_REQUEST_SEND_OPTION_TIMEOUT);
    WDF_REQUEST_SEND_OPTIONS_SET_TIMEOUT(&opts, WDF_REL_TIMEOUT_IN_MS(100));

    ULONG written = 0;
    NTSTATUS status = WdfUsbTargetPipeWriteSynchronously(ctx->BulkOut, WDF_NO_HANDLE, &opts,
                                                         &md, &written);
    if (NT_SUCCESS(status)) {
        ctx->Frames++;
    } else {
        ctx->Errors++;
    }

    InterlockedExchange(&ctx->SendPending, 0);
}

VOID
OnIoctl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    UNREFERENCED_PARAMETER(OutputBufferLength);

    Context* ctx = GetDmxContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    switch (IoControlCode) {
    case IOCTL_DMX_SET_CHANNELS: {
        SetChannels* in;
        status = WdfRequestRetrieveInputBuffer(Request, FIELD_OFFSET(SetChannels, Values),
                                               reinterpret_cast<PVOID*>(&in), nullptr);
        if (!NT_SUCCESS(status)) {
            break;
        }
        if (in->First >= DMX_CHANNELS || in->Count > DMX_CHANNELS - in->First ||
            InputBufferLength < FIELD_OFFSET(SetChannels, Values) + (size_t)in->Count) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        LockGuard g(ctx->FrameLock);
        RtlCopyMemory(ctx->Frame + 1 + in->First, in->Values, in->Count);
        status = STATUS_SUCCESS;
        break;
    }
    case IOCTL_DMX_BLACKOUT: {
        LockGuard g(ctx->FrameLock);
        RtlZeroMemory(ctx->Frame + 1, DMX_CHANNELS);
        status = STATUS_SUCCESS;
        break;
    }
    }

    WdfRequestComplete(Request, status);
}

} // namespace dmx
