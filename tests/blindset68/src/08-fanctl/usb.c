#include "fanctl.h"
#include "usb.tmh"

NTSTATUS
FanEvtPrepareHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourcesRaw,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    PFAN_CONTEXT ctx = FanGetContext(Device);
    WDF_USB_DEVICE_CREATE_CONFIG cc;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS sel;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(ResourcesRaw);
    UNREFERENCED_PARAMETER(ResourcesTranslated);

    if (ctx->UsbDevice == NULL) {
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&cc, USBD_CLIENT_CONTRACT_VERSION_602);
        status = WdfUsbTargetDeviceCreateWithParameters(Device, &cc, WDF_NO_OBJECT_ATTRIBUTES,
                                                        &ctx->UsbDevice);
        if (!NT_SUCCESS(status)) {
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "usb target %!STATUS!", status);
            return status;
        }
    }

    /* interface 0 has only EP0 traffic but must still be selected */
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&sel);
    status = WdfUsbTargetDeviceSelectConfig(ctx->UsbDevice, WDF_NO_OBJECT_ATTRIBUTES, &sel);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "select config %!STATUS!", status);
    }
    return status;
}

NTSTATUS
FanEvtD0Entry(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PFAN_CONTEXT ctx = FanGetContext(Device);
    UNREFERENCED_PARAMETER(PreviousState);

    ctx->Polling = TRUE;
    WdfTimerStart(ctx->PollTimer, WDF_REL_TIMEOUT_IN_MS(10));
    return STATUS_SUCCESS;
}

NTSTATUS
FanEvtD0Exit(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PFAN_CONTEXT ctx = FanGetContext(Device);
    UNREFERENCED_PARAMETER(TargetState);

    ctx->Polling = FALSE;
    WdfTimerStop(ctx->PollTimer, TRUE);
    WdfWorkItemFlush(ctx->PollWork);
    return STATUS_SUCCESS;
}

VOID
FanEvtPollTimer(
    _In_ WDFTIMER Timer
    )
{
    PFAN_CONTEXT ctx = FanGetContext(WdfTimerGetParentObject(Timer));

    if (ctx->Polling) {
        WdfWorkItemEnqueue(ctx->PollWork);
    }
}

NTSTATUS
FanVendorRequest(
    _In_ PFAN_CONTEXT Ctx,
    _In_ BOOLEAN In,
    _In_ UCHAR Request,
    _In_ USHORT Value,
    _Inout_updates_bytes_(Length) PVOID Buffer,
    _In_ ULONG Length
    )
{
    WDF_USB_CONTROL_SETUP_PACKET setup;
    WDF_MEMORY_DESCRIPTOR desc;
    WDF_REQUEST_SEND_OPTIONS opts;
    ULONG transferred = 0;

    WDF_USB_CONTROL_SETUP_PACKET_INIT_VENDOR(&setup,
                                             In ? BmRequestDeviceToHost : BmRequestHostToDevice,
                                             BmRequestToDevice,
                                             Request, Value, 0);
    WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&desc, Buffer, Length);
    WDF_REQUEST_SEND_OPTIONS_INIT(&opts, WDF_REQUEST_SEND_OPTION_TIMEOUT);
    WDF_REQUEST_SEND_OPTIONS_SET_TIMEOUT(&opts, WDF_REL_TIMEOUT_IN_MS(500));

    return WdfUsbTargetDeviceSendControlTransferSynchronously(Ctx->UsbDevice, WDF_NO_HANDLE,
                                                              &opts, &setup,
                                                              Length ? &desc : NULL,
                                                              &transferred);
}

VOID
FanEvtPollWork(
    _In_ WDFWORKITEM WorkItem
    )
{
    PFAN_CONTEXT ctx = FanGetContext(WdfWorkItemGetParentObject(WorkItem));
    USHORT tach[FAN_CHANNELS];
    SHORT temp;
    NTSTATUS status;

    status = FanVendorRequest(ctx, TRUE, FAN_REQ_GET_TACH, 0, tach, sizeof(tach));
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_WARNING, TRACE_POLL, "tach %!STATUS!", status);
        return;
    }
    status = FanVendorRequest(ctx, TRUE, FAN_REQ_GET_TEMP, 0, &temp, sizeof(temp));

    WdfWaitLockAcquire(ctx->StatusLock, NULL);
    RtlCopyMemory(ctx->Status.Rpm, tach, sizeof(tach));
    if (NT_SUCCESS(status)) {
        ctx->Status.TempDeciC = temp;
    }
    WdfWaitLockRelease(ctx->StatusLock);
}

VOID
FanEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PFAN_CONTEXT ctx = FanGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PVOID buf;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode == IOCTL_FAN_GET_STATUS) {
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(FAN_STATUS), &buf, NULL);
        if (NT_SUCCESS(status)) {
            WdfWaitLockAcquire(ctx->StatusLock, NULL);
            *(PFAN_STATUS)buf = ctx->Status;
            WdfWaitLockRelease(ctx->StatusLock);
            info = sizeof(FAN_STATUS);
        }
    } else if (IoControlCode == IOCTL_FAN_SET_DUTY) {
        FAN_SET_DUTY req;
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(FAN_SET_DUTY), &buf, NULL);
        if (NT_SUCCESS(status)) {
            req = *(PFAN_SET_DUTY)buf;
            if (req.Channel >= FAN_CHANNELS || req.Percent > 100) {
                status = STATUS_INVALID_PARAMETER;
            } else {
                status = FanVendorRequest(ctx, FALSE, FAN_REQ_SET_DUTY,
                                          (USHORT)((req.Channel << 8) | req.Percent), NULL, 0);
                if (NT_SUCCESS(status)) {
                    WdfWaitLockAcquire(ctx->StatusLock, NULL);
                    ctx->Status.Duty[req.Channel] = req.Percent;
                    WdfWaitLockRelease(ctx->StatusLock);
                }
            }
        }
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
