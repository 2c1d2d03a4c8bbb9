/*
 * device.c - PnP/power and I/O for the FX2 light bar board
 */
#include "fx2lights.h"
#include "device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, Fx2EvtDeviceAdd)
#pragma alloc_text(PAGE, Fx2EvtDevicePrepareHardware)
#pragma alloc_text(PAGE, Fx2EvtDeviceD0Exit)
#endif

NTSTATUS
Fx2EvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS    pnpPowerCallbacks;
    WDF_OBJECT_ATTRIBUTES           attributes;
    WDF_IO_QUEUE_CONFIG             queueConfig;
    WDF_DEVICE_PNP_CAPABILITIES     pnpCaps;
    PDEVICE_CONTEXT                 pDevContext;
    WDFDEVICE                       device;
    WDFQUEUE                        queue;
    NTSTATUS                        status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_PNP, "--> Fx2EvtDeviceAdd");

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPowerCallbacks);
    pnpPowerCallbacks.EvtDevicePrepareHardware = Fx2EvtDevicePrepareHardware;
    pnpPowerCallbacks.EvtDeviceD0Entry         = Fx2EvtDeviceD0Entry;
    pnpPowerCallbacks.EvtDeviceD0Exit          = Fx2EvtDeviceD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPowerCallbacks);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);

    pDevContext = GetDeviceContext(device);
    pDevContext->SwitchState = 0;

    //
    // The board can be yanked at any time, don't pop the "unsafe removal" balloon.
    //
    WDF_DEVICE_PNP_CAPABILITIES_INIT(&pnpCaps);
    pnpCaps.SurpriseRemovalOK = WdfTrue;
    WdfDeviceSetPnpCapabilities(device, &pnpCaps);

    //
    // Default queue: IOCTLs from the tray app. Vendor requests are sent
    // synchronously so keep the callbacks at PASSIVE_LEVEL.
    //
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = Fx2EvtIoDeviceControl;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ExecutionLevel = WdfExecutionLevelPassive;

    status = WdfIoQueueCreate(device, &queueConfig, &attributes, &queue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP, "default queue %!STATUS!", status);
        return status;
    }

    //
    // Parking lot for IOCTL_FX2_WAIT_SWITCHES until the interrupt pipe fires.
    //
    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    queueConfig.PowerManaged = WdfFalse;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES,
                              &pDevContext->SwitchWaitQueue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP, "switch queue %!STATUS!", status);
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_FX2LIGHTS, NULL);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_PNP, "device interface %!STATUS!", status);
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_PNP, "<-- Fx2EvtDeviceAdd");
    return status;
}

NTSTATUS
Fx2EvtDevicePrepareHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourceList,
    _In_ WDFCMRESLIST ResourceListTranslated
    )
{
    PDEVICE_CONTEXT                         pDevContext = GetDeviceContext(Device);
    WDF_USB_DEVICE_CREATE_CONFIG            createParams;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS     configParams;
    WDF_USB_PIPE_INFORMATION                pipeInfo;
    WDF_USB_CONTINUOUS_READER_CONFIG        readerConfig;
    WDFUSBPIPE                              pipe;
    UCHAR                                   numPipes, i;
    NTSTATUS                                status;

    UNREFERENCED_PARAMETER(ResourceList);
    UNREFERENCED_PARAMETER(ResourceListTranslated);
    PAGED_CODE();

    //
    // PrepareHardware also runs after a rebalance, the target survives that.
    //
    if (pDevContext->UsbDevice == NULL) {
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&createParams, USBD_CLIENT_CONTRACT_VERSION_602);

        status = WdfUsbTargetDeviceCreateWithParameters(Device,
                                                        &createParams,
                                                        WDF_NO_OBJECT_ATTRIBUTES,
                                                        &pDevContext->UsbDevice);
        if (!NT_SUCCESS(status)) {
            TraceEvents(TRACE_LEVEL_ERROR, DBG_USB, "usb target %!STATUS!", status);
            return status;
        }
    }

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&configParams);
    status = WdfUsbTargetDeviceSelectConfig(pDevContext->UsbDevice,
                                            WDF_NO_OBJECT_ATTRIBUTES,
                                            &configParams);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_USB, "select config %!STATUS!", status);
        return status;
    }

    pDevContext->UsbInterface = configParams.Types.SingleInterface.ConfiguredUsbInterface;
    numPipes = configParams.Types.SingleInterface.NumberConfiguredPipes;

    for (i = 0; i < numPipes; i++) {
        WDF_USB_PIPE_INFORMATION_INIT(&pipeInfo);
        pipe = WdfUsbInterfaceGetConfiguredPipe(pDevContext->UsbInterface, i, &pipeInfo);

        WdfUsbTargetPipeSetNoMaximumPacketSizeCheck(pipe);

        if (pipeInfo.PipeType == WdfUsbPipeTypeInterrupt) {
            pDevContext->InterruptPipe = pipe;
        }
    }

    if (pDevContext->InterruptPipe == NULL) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_USB, "firmware has no interrupt endpoint?");
        return STATUS_INVALID_DEVICE_STATE;
    }

    WDF_USB_CONTINUOUS_READER_CONFIG_INIT(&readerConfig,
                                          Fx2EvtInterruptReadComplete,
                                          pDevContext,
                                          FX2_SWITCH_PACKET_SIZE);

    status = WdfUsbTargetPipeConfigContinuousReader(pDevContext->InterruptPipe, &readerConfig);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_USB, "continuous reader %!STATUS!", status);
    }

    return status;
}

NTSTATUS
Fx2EvtDeviceD0Entry(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PDEVICE_CONTEXT pDevContext = GetDeviceContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    return WdfIoTargetStart(WdfUsbTargetPipeGetIoTarget(pDevContext->InterruptPipe));
}

NTSTATUS
Fx2EvtDeviceD0Exit(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PDEVICE_CONTEXT pDevContext = GetDeviceContext(Device);

    UNREFERENCED_PARAMETER(TargetState);
    PAGED_CODE();

    WdfIoTargetStop(WdfUsbTargetPipeGetIoTarget(pDevContext->InterruptPipe),
                    WdfIoTargetCancelSentIo);
    return STATUS_SUCCESS;
}
