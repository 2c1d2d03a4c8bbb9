/*
 * device.c - device object, USB configuration and I/O for usbled.sys
 */
#include "usbled.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, UsbLedEvtDeviceAdd)
#pragma alloc_text(PAGE, UsbLedEvtPrepareHardware)
#endif

NTSTATUS
UsbLedEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnpPowerCallbacks;
    WDF_OBJECT_ATTRIBUTES deviceAttributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    WDFQUEUE queue;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);

    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPowerCallbacks);
    pnpPowerCallbacks.EvtDevicePrepareHardware = UsbLedEvtPrepareHardware;
    pnpPowerCallbacks.EvtDeviceD0Entry = UsbLedEvtD0Entry;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPowerCallbacks);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&deviceAttributes, DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &deviceAttributes, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("usbled: WdfDeviceCreate failed 0x%x\n", status));
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_USBLED, NULL);
    if (!NT_SUCCESS(status)) {
        KdPrint(("usbled: WdfDeviceCreateDeviceInterface failed 0x%x\n", status));
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = UsbLedEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        KdPrint(("usbled: WdfIoQueueCreate failed 0x%x\n", status));
        return status;
    }

    return STATUS_SUCCESS;
}

NTSTATUS
UsbLedEvtPrepareHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourceList,
    _In_ WDFCMRESLIST ResourceListTranslated
    )
{
    PDEVICE_CONTEXT ctx = DeviceGetContext(Device);
    WDF_USB_DEVICE_CREATE_CONFIG createParams;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS selectParams;
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
            KdPrint(("usbled: WdfUsbTargetDeviceCreateWithParameters failed 0x%x\n", status));
            return status;
        }
    }

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&selectParams);

    status = WdfUsbTargetDeviceSelectConfig(ctx->UsbDevice,
                                            WDF_NO_OBJECT_ATTRIBUTES,
                                            &selectParams);
    if (!NT_SUCCESS(status)) {
        KdPrint(("usbled: WdfUsbTargetDeviceSelectConfig failed 0x%x\n", status));
        return status;
    }

    ctx->UsbInterface = selectParams.Types.SingleInterface.ConfiguredUsbInterface;
    return STATUS_SUCCESS;
}

NTSTATUS
UsbLedEvtD0Entry(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PDEVICE_CONTEXT ctx = DeviceGetContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    // restore whatever the application last wrote
    return UsbLedSetBar(ctx, ctx->CurrentBar);
}

NTSTATUS
UsbLedSetBar(
    _In_ PDEVICE_CONTEXT Ctx,
    _In_ UCHAR Value
    )
{
    WDF_USB_CONTROL_SETUP_PACKET setup;
    WDF_MEMORY_DESCRIPTOR memDesc;
    ULONG transferred = 0;
    NTSTATUS status;

    WDF_USB_CONTROL_SETUP_PACKET_INIT_VENDOR(&setup,
                                             BmRequestHostToDevice,
                                             BmRequestToDevice,
                                             USBLED_REQUEST_SET_BAR,
                                             0,
                                             0);

    WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&memDesc, &Value, sizeof(Value));

    status = WdfUsbTargetDeviceSendControlTransferSynchronously(Ctx->UsbDevice,
                                                                WDF_NO_HANDLE,
                                                                NULL,
                                                                &setup,
                                                                &memDesc,
                                                                &transferred);
    if (NT_SUCCESS(status)) {
        Ctx->CurrentBar = Value;
    }
    return status;
}

static NTSTATUS
UsbLedGetBar(
    _In_ PDEVICE_CONTEXT Ctx,
    _Out_ PUCHAR Value
    )
{
    WDF_USB_CONTROL_SETUP_PACKET setup;
    WDF_MEMORY_DESCRIPTOR memDesc;
    ULONG transferred = 0;

    WDF_USB_CONTROL_SETUP_PACKET_INIT_VENDOR(&setup,
                                             BmRequestDeviceToHost,
                                             BmRequestToDevice,
                                             USBLED_REQUEST_GET_BAR,
                                             0,
                                             0);

    WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&memDesc, Value, sizeof(UCHAR));

    return WdfUsbTargetDeviceSendControlTransferSynchronously(Ctx->UsbDevice,
                                                              WDF_NO_HANDLE,
                                                              NULL,
                                                              &setup,
                                                              &memDesc,
                                                              &transferred);
}

VOID
UsbLedEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PDEVICE_CONTEXT ctx = DeviceGetContext(WdfIoQueueGetDevice(Queue));
    PUCHAR buffer;
    ULONG_PTR info = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_USBLED_SET_BAR:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(UCHAR), (PVOID *)&buffer, NULL);
        if (NT_SUCCESS(status)) {
            status = UsbLedSetBar(ctx, *buffer);
        }
        break;

    case IOCTL_USBLED_GET_BAR:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(UCHAR), (PVOID *)&buffer, NULL);
        if (NT_SUCCESS(status)) {
            status = UsbLedGetBar(ctx, buffer);
            if (NT_SUCCESS(status)) {
                info = sizeof(UCHAR);
            }
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
