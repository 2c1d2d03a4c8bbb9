/*
 * device.c - device object and USB configuration of UsbSerKm.
 */
#include <ntddk.h>
#include <initguid.h>      /* GUID_DEVINTERFACE_USBSERKM is instantiated here */
#include "usbser.h"
#include "device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, UsEvtDeviceAdd)
#pragma alloc_text(PAGE, UsEvtDevicePrepareHardware)
#pragma alloc_text(PAGE, UsEvtDeviceCleanup)
#endif

NTSTATUS
UsEvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    WDF_PNPPOWER_EVENT_CALLBACKS    pnpCallbacks;
    WDF_OBJECT_ATTRIBUTES           attributes;
    WDFDEVICE                       device;
    PUS_DRIVER_CONTEXT              drvCtx = UsGetDriverContext(Driver);
    NTSTATUS                        status;

    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpCallbacks);
    pnpCallbacks.EvtDevicePrepareHardware = UsEvtDevicePrepareHardware;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpCallbacks);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, US_DEVICE_CONTEXT);
    attributes.EvtCleanupCallback = UsEvtDeviceCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate failed %!STATUS!", status);
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_USBSERKM, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = UsQueueInitialize(device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WdfWaitLockAcquire(drvCtx->DeviceListLock, NULL);
    if (WdfCollectionGetCount(drvCtx->Devices) >= US_MAX_DEVICES) {
        status = STATUS_TOO_MANY_NODES;
    } else {
        status = WdfCollectionAdd(drvCtx->Devices, device);
    }
    WdfWaitLockRelease(drvCtx->DeviceListLock);

    return status;
}

NTSTATUS
UsEvtDevicePrepareHardware(
    _In_ WDFDEVICE Device,
    _In_ WDFCMRESLIST ResourceList,
    _In_ WDFCMRESLIST ResourceListTranslated
    )
{
    PUS_DEVICE_CONTEXT                      ctx = UsGetDeviceContext(Device);
    WDF_USB_DEVICE_CREATE_CONFIG            createConfig;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS     selectParams;
    WDF_USB_PIPE_INFORMATION                pipeInfo;
    WDFUSBPIPE                              pipe;
    BYTE                                    i, count;
    NTSTATUS                                status;

    UNREFERENCED_PARAMETER(ResourceList);
    UNREFERENCED_PARAMETER(ResourceListTranslated);

    PAGED_CODE();

    if (ctx->UsbDevice == NULL) {
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&createConfig, USBD_CLIENT_CONTRACT_VERSION_602);
        status = WdfUsbTargetDeviceCreateWithParameters(Device, &createConfig,
                                                        WDF_NO_OBJECT_ATTRIBUTES, &ctx->UsbDevice);
        if (!NT_SUCCESS(status)) {
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "USB target create failed %!STATUS!", status);
            return status;
        }
    }

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&selectParams);
    status = WdfUsbTargetDeviceSelectConfig(ctx->UsbDevice, WDF_NO_OBJECT_ATTRIBUTES, &selectParams);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ctx->UsbInterface = selectParams.Types.SingleInterface.ConfiguredUsbInterface;
    count = WdfUsbInterfaceGetNumConfiguredPipes(ctx->UsbInterface);

    for (i = 0; i < count; i++) {
        WDF_USB_PIPE_INFORMATION_INIT(&pipeInfo);
        pipe = WdfUsbInterfaceGetConfiguredPipe(ctx->UsbInterface, i, &pipeInfo);
        WdfUsbTargetPipeSetNoMaximumPacketSizeCheck(pipe);

        if (pipeInfo.PipeType == WdfUsbPipeTypeBulk) {
            if (WdfUsbTargetPipeIsInEndpoint(pipe)) {
                ctx->BulkIn = pipe;
            } else if (WdfUsbTargetPipeIsOutEndpoint(pipe)) {
                ctx->BulkOut = pipe;
            }
        }
    }

    if (ctx->BulkIn == NULL || ctx->BulkOut == NULL) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "bulk pipes missing");
        return STATUS_INVALID_DEVICE_STATE;
    }

    return STATUS_SUCCESS;
}

VOID
UsEvtDeviceCleanup(_In_ WDFOBJECT Device)
{
    PUS_DRIVER_CONTEXT drvCtx = UsGetDriverContext(WdfGetDriver());
    ULONG i, count;

    PAGED_CODE();

    WdfWaitLockAcquire(drvCtx->DeviceListLock, NULL);
    count = WdfCollectionGetCount(drvCtx->Devices);
    for (i = 0; i < count; i++) {
        if (WdfCollectionGetItem(drvCtx->Devices, i) == Device) {
            WdfCollectionRemoveItem(drvCtx->Devices, i);
            break;
        }
    }
    WdfWaitLockRelease(drvCtx->DeviceListLock);
}
