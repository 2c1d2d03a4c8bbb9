#include "usbpass.h"

NTSTATUS UpEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_OBJECT_ATTRIBUTES attr;
    WDF_IO_QUEUE_CONFIG qc;
    WDFDEVICE device;
    PUP_DEVICE ctx;
    NTSTATUS status;
    ULONG count;

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = UpEvtPrepareHardware;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attr, UP_DEVICE);
    attr.EvtCleanupCallback = UpEvtDeviceCleanup;
    attr.ExecutionLevel = WdfExecutionLevelPassive;     /* reset port is PASSIVE only */

    status = WdfDeviceCreate(&DeviceInit, &attr, &device);
    if (!NT_SUCCESS(status)) {
        UP_LOG("WdfDeviceCreate 0x%08X", status);
        return status;
    }
    ctx = UpGetDevice(device);

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_USBPASS, NULL);
    if (!NT_SUCCESS(status))
        return status;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchSequential);
    qc.EvtIoDeviceControl = UpEvtIoctl;
    status = WdfIoQueueCreate(device, &qc, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status))
        return status;

    WdfWaitLockAcquire(g_up.DevicesLock, NULL);
    status = WdfCollectionAdd(g_up.Devices, device);
    if (NT_SUCCESS(status)) {
        ctx->InList = TRUE;
        count = WdfCollectionGetCount(g_up.Devices);
        ctx->Instance = count;
        if (count == 1 && !NT_SUCCESS(up_ctl_create(Driver)))
            UP_LOG("no control device, usbpassd will not find us%s", "");
    }
    WdfWaitLockRelease(g_up.DevicesLock);

    return status;
}

VOID UpEvtDeviceCleanup(WDFOBJECT Object)
{
    PUP_DEVICE ctx = UpGetDevice((WDFDEVICE)Object);

    if (!ctx->InList)
        return;

    WdfWaitLockAcquire(g_up.DevicesLock, NULL);
    WdfCollectionRemove(g_up.Devices, Object);
    ctx->InList = FALSE;
    if (WdfCollectionGetCount(g_up.Devices) == 0)
        up_ctl_delete();
    WdfWaitLockRelease(g_up.DevicesLock);
}

NTSTATUS UpEvtPrepareHardware(WDFDEVICE Device, WDFCMRESLIST ResourcesRaw,
                              WDFCMRESLIST ResourcesTranslated)
{
    PUP_DEVICE ctx = UpGetDevice(Device);
    WDF_USB_DEVICE_CREATE_CONFIG cc;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS sp;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(ResourcesRaw);
    UNREFERENCED_PARAMETER(ResourcesTranslated);

    /* PrepareHardware runs on every start; the target survives restarts */
    if (ctx->UsbDevice == NULL) {
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&cc, USBD_CLIENT_CONTRACT_VERSION_602);
        status = WdfUsbTargetDeviceCreateWithParameters(Device, &cc, WDF_NO_OBJECT_ATTRIBUTES,
                                                        &ctx->UsbDevice);
        if (!NT_SUCCESS(status)) {
            UP_LOG("WdfUsbTargetDeviceCreateWithParameters 0x%08X", status);
            return status;
        }
    }

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&sp);
    status = WdfUsbTargetDeviceSelectConfig(ctx->UsbDevice, WDF_NO_OBJECT_ATTRIBUTES, &sp);
    if (!NT_SUCCESS(status)) {
        UP_LOG("WdfUsbTargetDeviceSelectConfig 0x%08X", status);
        return status;
    }
    ctx->UsbInterface = sp.Types.SingleInterface.ConfiguredUsbInterface;
    return STATUS_SUCCESS;
}

VOID UpEvtIoctl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                size_t InputBufferLength, ULONG IoControlCode)
{
    PUP_DEVICE ctx = UpGetDevice(WdfIoQueueGetDevice(Queue));
    USB_DEVICE_DESCRIPTOR *desc;
    ULONG_PTR info = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_USBPASS_GET_DEVICE_DESCRIPTOR:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(*desc), (PVOID *)&desc, NULL);
        if (NT_SUCCESS(status)) {
            WdfUsbTargetDeviceGetDeviceDescriptor(ctx->UsbDevice, desc);
            info = sizeof(*desc);
        }
        break;
    case IOCTL_USBPASS_RESET_PORT:
        status = WdfUsbTargetDeviceResetPortSynchronously(ctx->UsbDevice);
        break;
    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
