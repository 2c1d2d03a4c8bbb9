/*
 * device.c - device add, hardware prepare, power and IOCTL handling.
 */
#include "lightbar.h"
#include "device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, LbEvtDeviceAdd)
#pragma alloc_text(PAGE, LbEvtDevicePrepareHardware)
#pragma alloc_text(PAGE, LbEvtDeviceD0Exit)
#endif

NTSTATUS
LbEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS    pnpPowerCallbacks;
    WDF_OBJECT_ATTRIBUTES           attributes;
    WDF_IO_QUEUE_CONFIG             queueConfig;
    WDF_DEVICE_PNP_CAPABILITIES     pnpCaps;
    WDFDEVICE                       device;
    WDFQUEUE                        queue;
    PDEVICE_CONTEXT                 ctx;
    NTSTATUS                        status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_PNP, "--> LbEvtDeviceAdd");

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPowerCallbacks);
    pnpPowerCallbacks.EvtDevicePrepareHardware = LbEvtDevicePrepareHardware;
    pnpPowerCallbacks.EvtDeviceD0Entry         = LbEvtDeviceD0Entry;
    pnpPowerCallbacks.EvtDeviceD0Exit          = LbEvtDeviceD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPowerCallbacks);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP,
                    "WdfDeviceCreate failed %!STATUS!", status);
        return status;
    }

    ctx = LbGetDeviceContext(device);
    ctx->Device = device;
    ctx->SavedBar.Raw = (UCHAR)LbGlobals.DefaultPattern;
    ctx->Saved7Seg = 0;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfWaitLockCreate(&attributes, &ctx->StateLock);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP,
                    "WdfWaitLockCreate failed %!STATUS!", status);
        return status;
    }

    WDF_DEVICE_PNP_CAPABILITIES_INIT(&pnpCaps);
    pnpCaps.SurpriseRemovalOK = WdfTrue;
    WdfDeviceSetPnpCapabilities(device, &pnpCaps);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = LbEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP,
                    "WdfIoQueueCreate failed %!STATUS!", status);
        return status;
    }

    //
    // The tray app finds us through the interface. Without it the bar still
    // works from the default pattern, so don't fail the whole device over it.
    //
    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_LIGHTBAR, NULL);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP,
                    "WdfDeviceCreateDeviceInterface failed %!STATUS!", status);
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_PNP, "<-- LbEvtDeviceAdd");
    return STATUS_SUCCESS;
}

NTSTATUS
LbEvtDevicePrepareHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourceList,
    _In_ WDFCMRESLIST ResourceListTranslated
    )
{
    PDEVICE_CONTEXT ctx = LbGetDeviceContext(Device);
    WDF_USB_DEVICE_CREATE_CONFIG createParams;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS configParams;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(ResourceList);
    UNREFERENCED_PARAMETER(ResourceListTranslated);
    PAGED_CODE();

    if (ctx->UsbDevice == NULL) {
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&createParams, USBD_CLIENT_CONTRACT_VERSION_602);
        status = WdfUsbTargetDeviceCreateWithParameters(Device,
                                                        &createParams,
                                                        WDF_NO_OBJECT_ATTRIBUTES,
                                                        &ctx->UsbDevice);
        if (!NT_SUCCESS(status)) {
            TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP,
                        "WdfUsbTargetDeviceCreateWithParameters %!STATUS!", status);
            return status;
        }
    }

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&configParams);
    status = WdfUsbTargetDeviceSelectConfig(ctx->UsbDevice,
                                            WDF_NO_OBJECT_ATTRIBUTES,
                                            &configParams);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP,
                    "WdfUsbTargetDeviceSelectConfig %!STATUS!", status);
        return status;
    }

    ctx->UsbInterface = configParams.Types.SingleInterface.ConfiguredUsbInterface;
    return STATUS_SUCCESS;
}

NTSTATUS
LbSendVendorCommand(
    _In_ PDEVICE_CONTEXT Ctx,
    _In_ UCHAR Request,
    _In_ BOOLEAN ToDevice,
    _Inout_ PUCHAR Value
    )
{
    WDF_USB_CONTROL_SETUP_PACKET packet;
    WDF_MEMORY_DESCRIPTOR memDesc;
    WDF_REQUEST_SEND_OPTIONS options;

    WDF_USB_CONTROL_SETUP_PACKET_INIT_VENDOR(&packet,
        ToDevice ? BmRequestHostToDevice : BmRequestDeviceToHost,
        BmRequestToDevice, Request, 0, 0);

    WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&memDesc, Value, sizeof(UCHAR));

    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_TIMEOUT);
    WDF_REQUEST_SEND_OPTIONS_SET_TIMEOUT(&options, WDF_REL_TIMEOUT_IN_MS(500));

    return WdfUsbTargetDeviceSendControlTransferSynchronously(Ctx->UsbDevice,
                                                              WDF_NO_HANDLE,
                                                              &options,
                                                              &packet,
                                                              &memDesc,
                                                              NULL);
}

NTSTATUS
LbEvtDeviceD0Entry(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PDEVICE_CONTEXT ctx = LbGetDeviceContext(Device);
    UCHAR value = ctx->SavedBar.Raw;

    UNREFERENCED_PARAMETER(PreviousState);

    // best effort, a dark bar is not worth failing D0 for
    (VOID)LbSendVendorCommand(ctx, LB_VCMD_SET_BARGRAPH, TRUE, &value);
    return STATUS_SUCCESS;
}

NTSTATUS
LbEvtDeviceD0Exit(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PDEVICE_CONTEXT ctx = LbGetDeviceContext(Device);
    UCHAR value = 0;

    UNREFERENCED_PARAMETER(TargetState);
    PAGED_CODE();

    if (NT_SUCCESS(LbSendVendorCommand(ctx, LB_VCMD_READ_BARGRAPH, FALSE, &value))) {
        ctx->SavedBar.Raw = value;
    }
    if (LbGlobals.BlankOnExit) {
        value = 0;
        (VOID)LbSendVendorCommand(ctx, LB_VCMD_SET_BARGRAPH, TRUE, &value);
    }
    return STATUS_SUCCESS;
}

VOID
LbEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PDEVICE_CONTEXT ctx = LbGetDeviceContext(WdfIoQueueGetDevice(Queue));
    PUCHAR buffer = NULL;
    ULONG_PTR info = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    WdfWaitLockAcquire(ctx->StateLock, NULL);

    switch (IoControlCode) {
    case IOCTL_LIGHTBAR_GET_BAR:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(UCHAR), (PVOID*)&buffer, NULL);
        if (NT_SUCCESS(status)) {
            status = LbSendVendorCommand(ctx, LB_VCMD_READ_BARGRAPH, FALSE, buffer);
            if (NT_SUCCESS(status)) info = sizeof(UCHAR);
        }
        break;
    case IOCTL_LIGHTBAR_SET_BAR:
    case IOCTL_LIGHTBAR_SET_7SEG:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(UCHAR), (PVOID*)&buffer, NULL);
        if (NT_SUCCESS(status)) {
            status = LbSendVendorCommand(ctx,
                        IoControlCode == IOCTL_LIGHTBAR_SET_BAR ? LB_VCMD_SET_BARGRAPH
                                                                 : LB_VCMD_SET_7SEG,
                        TRUE, buffer);
        }
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfWaitLockRelease(ctx->StateLock);
    WdfRequestCompleteWithInformation(Request, status, info);
}
