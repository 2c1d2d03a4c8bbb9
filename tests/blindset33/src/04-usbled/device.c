/*++
Module Name:
    device.c

Abstract:
    USB configuration and the IOCTL queue for usbled.
--*/
#include "driver.h"
#include "device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text (PAGE, UsbLedEvtDevicePrepareHardware)
#pragma alloc_text (PAGE, UsbLedQueueInitialize)
#endif

static NTSTATUS
UsbLedSendVendorRequest(
    _In_ PDEVICE_CONTEXT DevCtx,
    _In_ UCHAR Request,
    _In_ USHORT Value,
    _In_reads_bytes_opt_(Length) PVOID Buffer,
    _In_ ULONG Length
    )
{
    WDF_USB_CONTROL_SETUP_PACKET packet;
    WDF_REQUEST_SEND_OPTIONS sendOptions;
    WDF_MEMORY_DESCRIPTOR memDesc;
    ULONG bytesTransferred = 0;

    WDF_REQUEST_SEND_OPTIONS_INIT(&sendOptions, WDF_REQUEST_SEND_OPTION_TIMEOUT);
    WDF_REQUEST_SEND_OPTIONS_SET_TIMEOUT(&sendOptions, WDF_REL_TIMEOUT_IN_MS(500));

    WDF_USB_CONTROL_SETUP_PACKET_INIT_VENDOR(&packet,
                                             BmRequestHostToDevice,
                                             BmRequestToDevice,
                                             Request,
                                             Value,
                                             0);

    if (Buffer != NULL && Length != 0) {
        WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&memDesc, Buffer, Length);
    }

    return WdfUsbTargetDeviceSendControlTransferSynchronously(
               DevCtx->UsbDevice,
               WDF_NO_HANDLE,
               &sendOptions,
               &packet,
               (Buffer != NULL && Length != 0) ? &memDesc : NULL,
               &bytesTransferred);
}

NTSTATUS
UsbLedEvtDevicePrepareHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourceList,
    _In_ WDFCMRESLIST ResourceListTranslated
    )
{
    PDEVICE_CONTEXT devCtx = DeviceGetContext(Device);
    WDF_USB_DEVICE_CREATE_CONFIG createParams;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS selectParams;
    WDF_USB_DEVICE_INFORMATION info;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(ResourceList);
    UNREFERENCED_PARAMETER(ResourceListTranslated);

    PAGED_CODE();

    if (devCtx->UsbDevice == NULL) {
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&createParams, USBD_CLIENT_CONTRACT_VERSION_602);

        status = WdfUsbTargetDeviceCreateWithParameters(Device,
                                                        &createParams,
                                                        WDF_NO_OBJECT_ATTRIBUTES,
                                                        &devCtx->UsbDevice);
        if (!NT_SUCCESS(status)) {
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                        "WdfUsbTargetDeviceCreateWithParameters failed %!STATUS!", status);
            return status;
        }
    }

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&selectParams);
    status = WdfUsbTargetDeviceSelectConfig(devCtx->UsbDevice,
                                            WDF_NO_OBJECT_ATTRIBUTES,
                                            &selectParams);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE,
                    "WdfUsbTargetDeviceSelectConfig failed %!STATUS!", status);
        return status;
    }
    devCtx->UsbInterface = selectParams.Types.SingleInterface.ConfiguredUsbInterface;

    WDF_USB_DEVICE_INFORMATION_INIT(&info);
    status = WdfUsbTargetDeviceRetrieveInformation(devCtx->UsbDevice, &info);
    if (NT_SUCCESS(status)) {
        devCtx->UsbDeviceTraits = info.Traits;
    }

    /* push the last known colour back to the strip */
    return UsbLedSendVendorRequest(devCtx, USBLED_REQ_SET_COLOR, 0,
                                   &devCtx->CurrentColor, sizeof(devCtx->CurrentColor));
}

NTSTATUS
UsbLedQueueInitialize(
    _In_ WDFDEVICE Device
    )
{
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_OBJECT_ATTRIBUTES queueAttributes;
    WDFQUEUE queue;
    NTSTATUS status;

    PAGED_CODE();

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = UsbLedEvtIoDeviceControl;

    /* synchronous control transfers and wait locks below need PASSIVE_LEVEL */
    WDF_OBJECT_ATTRIBUTES_INIT(&queueAttributes);
    queueAttributes.ExecutionLevel = WdfExecutionLevelPassive;

    status = WdfIoQueueCreate(Device, &queueConfig, &queueAttributes, &queue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "WdfIoQueueCreate failed %!STATUS!", status);
    }
    return status;
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
    PDEVICE_CONTEXT devCtx = DeviceGetContext(WdfIoQueueGetDevice(Queue));
    ULONG_PTR information = 0;
    PVOID buffer;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_USBLED_SET_COLOR:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(USBLED_COLOR), &buffer, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        WdfWaitLockAcquire(devCtx->StateLock, NULL);
        devCtx->CurrentColor = *(PUSBLED_COLOR)buffer;
        status = UsbLedSendVendorRequest(devCtx, USBLED_REQ_SET_COLOR, 0,
                                         &devCtx->CurrentColor, sizeof(USBLED_COLOR));
        WdfWaitLockRelease(devCtx->StateLock);
        break;

    case IOCTL_USBLED_SET_MODE:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(UCHAR), &buffer, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        WdfWaitLockAcquire(devCtx->StateLock, NULL);
        devCtx->CurrentMode = *(PUCHAR)buffer;
        status = UsbLedSendVendorRequest(devCtx, USBLED_REQ_SET_MODE,
                                         devCtx->CurrentMode, NULL, 0);
        WdfWaitLockRelease(devCtx->StateLock);
        break;

    case IOCTL_USBLED_GET_STATUS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(USBLED_COLOR), &buffer, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        WdfWaitLockAcquire(devCtx->StateLock, NULL);
        *(PUSBLED_COLOR)buffer = devCtx->CurrentColor;
        WdfWaitLockRelease(devCtx->StateLock);
        information = sizeof(USBLED_COLOR);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, information);
}
