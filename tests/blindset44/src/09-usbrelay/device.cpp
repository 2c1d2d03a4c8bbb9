// device.cpp - RB-8 device: USB target, continuous reader on the input pipe
// Copyright (c) 2023 Ostrava Relay Works

#include "rb8.h"
#include "device.tmh"

using namespace Rb8;

NTSTATUS CRelayDevice::EvtDeviceAdd(WDFDRIVER hDriver, PWDFDEVICE_INIT pInit)
{
    NTSTATUS                        ntStatus;
    WDF_PNPPOWER_EVENT_CALLBACKS    stPnp;
    WDF_OBJECT_ATTRIBUTES           stAttr;
    WDF_IO_QUEUE_CONFIG             stQueue;
    WDFDEVICE                       hDevice;

    UNREFERENCED_PARAMETER(hDriver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&stPnp);
    stPnp.EvtDevicePrepareHardware = &CRelayDevice::EvtPrepareHardware;
    stPnp.EvtDeviceD0Entry         = &CRelayDevice::EvtD0Entry;
    stPnp.EvtDeviceD0Exit          = &CRelayDevice::EvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(pInit, &stPnp);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&stAttr, RB8_DEVICE_CONTEXT);
    // IOCTLs send synchronous USB writes, keep the callbacks at PASSIVE_LEVEL
    stAttr.ExecutionLevel = WdfExecutionLevelPassive;

    ntStatus = WdfDeviceCreate(&pInit, &stAttr, &hDevice);
    if (!NT_SUCCESS(ntStatus)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate %!STATUS!", ntStatus);
        return ntStatus;
    }

    ntStatus = WdfDeviceCreateDeviceInterface(hDevice, &GUID_DEVINTERFACE_RB8, nullptr);
    if (!NT_SUCCESS(ntStatus)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "interface %!STATUS!", ntStatus);
        return ntStatus;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&stQueue, WdfIoQueueDispatchSequential);
    stQueue.EvtIoDeviceControl = &CRelayDevice::EvtIoDeviceControl;

    ntStatus = WdfIoQueueCreate(hDevice, &stQueue, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(ntStatus)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfIoQueueCreate %!STATUS!", ntStatus);
        return ntStatus;
    }

    InterlockedIncrement(reinterpret_cast<volatile LONG*>(&CDriverGlobals::s_ulDeviceCount));
    return STATUS_SUCCESS;
}

NTSTATUS CRelayDevice::SelectPipes(RB8_DEVICE_CONTEXT* pCtx)
{
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS stParams;
    WDF_USB_PIPE_INFORMATION            stInfo;
    NTSTATUS                            ntStatus;

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&stParams);
    ntStatus = WdfUsbTargetDeviceSelectConfig(pCtx->hUsbDevice, WDF_NO_OBJECT_ATTRIBUTES, &stParams);
    if (!NT_SUCCESS(ntStatus)) {
        return ntStatus;
    }

    pCtx->hInterface   = stParams.Types.SingleInterface.ConfiguredUsbInterface;
    pCtx->hInputPipe   = nullptr;
    pCtx->hCommandPipe = nullptr;

    for (UCHAR i = 0; i < stParams.Types.SingleInterface.NumberConfiguredPipes; i++) {
        WDF_USB_PIPE_INFORMATION_INIT(&stInfo);
        WDFUSBPIPE hPipe = WdfUsbInterfaceGetConfiguredPipe(pCtx->hInterface, i, &stInfo);

        if (stInfo.PipeType == WdfUsbPipeTypeInterrupt && WdfUsbTargetPipeIsInEndpoint(hPipe)) {
            pCtx->hInputPipe = hPipe;
        } else if (stInfo.PipeType == WdfUsbPipeTypeBulk && WdfUsbTargetPipeIsOutEndpoint(hPipe)) {
            pCtx->hCommandPipe = hPipe;
        }
    }

    return (pCtx->hInputPipe != nullptr && pCtx->hCommandPipe != nullptr) ?
           STATUS_SUCCESS : STATUS_DEVICE_CONFIGURATION_ERROR;
}

NTSTATUS CRelayDevice::EvtPrepareHardware(WDFDEVICE hDevice, WDFCMRESLIST hRaw, WDFCMRESLIST hTrans)
{
    RB8_DEVICE_CONTEXT*                 pCtx = Rb8GetContext(hDevice);
    WDF_USB_DEVICE_CREATE_CONFIG        stCreate;
    WDF_USB_CONTINUOUS_READER_CONFIG    stReader;
    NTSTATUS                            ntStatus;

    UNREFERENCED_PARAMETER(hRaw);
    UNREFERENCED_PARAMETER(hTrans);
    PAGED_CODE();

    // Target, configuration and reader are set up once and survive a
    // stop/start; a failed first attempt leaves bReaderReady FALSE and is
    // retried on the next start.
    if (pCtx->bReaderReady) {
        return STATUS_SUCCESS;
    }

    if (pCtx->hUsbDevice == nullptr) {
        WDF_USB_DEVICE_CREATE_CONFIG_INIT(&stCreate, USBD_CLIENT_CONTRACT_VERSION_602);
        ntStatus = WdfUsbTargetDeviceCreateWithParameters(hDevice, &stCreate,
                                                          WDF_NO_OBJECT_ATTRIBUTES,
                                                          &pCtx->hUsbDevice);
        if (!NT_SUCCESS(ntStatus)) {
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "usb target %!STATUS!", ntStatus);
            return ntStatus;
        }
    }

    ntStatus = SelectPipes(pCtx);
    if (!NT_SUCCESS(ntStatus)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "SelectPipes %!STATUS!", ntStatus);
        return ntStatus;
    }

    WDF_USB_CONTINUOUS_READER_CONFIG_INIT(&stReader, &CRelayDevice::EvtReadComplete,
                                          pCtx, RB8_INPUT_REPORT_BYTES);
    ntStatus = WdfUsbTargetPipeConfigContinuousReader(pCtx->hInputPipe, &stReader);
    if (!NT_SUCCESS(ntStatus)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "continuous reader %!STATUS!", ntStatus);
        return ntStatus;
    }
    pCtx->bReaderReady = TRUE;
    return STATUS_SUCCESS;
}

NTSTATUS CRelayDevice::EvtD0Entry(WDFDEVICE hDevice, WDF_POWER_DEVICE_STATE ePrev)
{
    UNREFERENCED_PARAMETER(ePrev);
    // the continuous reader only runs while the input pipe target is started
    return WdfIoTargetStart(WdfUsbTargetPipeGetIoTarget(Rb8GetContext(hDevice)->hInputPipe));
}

NTSTATUS CRelayDevice::EvtD0Exit(WDFDEVICE hDevice, WDF_POWER_DEVICE_STATE eTarget)
{
    UNREFERENCED_PARAMETER(eTarget);
    WdfIoTargetStop(WdfUsbTargetPipeGetIoTarget(Rb8GetContext(hDevice)->hInputPipe),
                    WdfIoTargetCancelSentIo);
    return STATUS_SUCCESS;
}

VOID CRelayDevice::EvtReadComplete(WDFUSBPIPE hPipe, WDFMEMORY hBuffer, size_t cb, WDFCONTEXT pvCtx)
{
    RB8_DEVICE_CONTEXT* pCtx = static_cast<RB8_DEVICE_CONTEXT*>(pvCtx);

    UNREFERENCED_PARAMETER(hPipe);
    if (cb >= 1) {
        PUCHAR pucReport = static_cast<PUCHAR>(WdfMemoryGetBuffer(hBuffer, nullptr));
        InterlockedExchange(&pCtx->lInputs, pucReport[0]);
    }
}

NTSTATUS CRelayDevice::SendRelayState(RB8_DEVICE_CONTEXT* pCtx, UCHAR ucState)
{
    UCHAR                   aucCmd[2] = { RB8_CMD_SET_RELAYS, ucState };
    WDF_MEMORY_DESCRIPTOR   stMem;
    WDF_REQUEST_SEND_OPTIONS stOpts;
    ULONG                   cbWritten = 0;

    WDF_MEMORY_DESCRIPTOR_INIT_BUFFER(&stMem, aucCmd, sizeof(aucCmd));
    WDF_REQUEST_SEND_OPTIONS_INIT(&stOpts, WDF_REQUEST_SEND_OPTION_TIMEOUT);
    WDF_REQUEST_SEND_OPTIONS_SET_TIMEOUT(&stOpts, WDF_REL_TIMEOUT_IN_MS(500));

    return WdfUsbTargetPipeWriteSynchronously(pCtx->hCommandPipe, WDF_NO_HANDLE, &stOpts,
                                              &stMem, &cbWritten);
}

VOID CRelayDevice::EvtIoDeviceControl(WDFQUEUE hQueue, WDFREQUEST hRequest, size_t cbOut,
                                      size_t cbIn, ULONG ulCode)
{
    RB8_DEVICE_CONTEXT* pCtx = Rb8GetContext(WdfIoQueueGetDevice(hQueue));
    NTSTATUS            ntStatus = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR           ulInfo = 0;
    PUCHAR              pucBuf = nullptr;

    UNREFERENCED_PARAMETER(cbOut);
    UNREFERENCED_PARAMETER(cbIn);

    switch (ulCode) {
    case IOCTL_RB8_SET_RELAYS:
        ntStatus = WdfRequestRetrieveInputBuffer(hRequest, 1, reinterpret_cast<PVOID*>(&pucBuf), nullptr);
        if (NT_SUCCESS(ntStatus)) {
            ntStatus = SendRelayState(pCtx, *pucBuf);
            if (NT_SUCCESS(ntStatus)) {
                pCtx->ucRelayState = *pucBuf;
            }
        }
        break;

    case IOCTL_RB8_GET_INPUTS:
        ntStatus = WdfRequestRetrieveOutputBuffer(hRequest, 1, reinterpret_cast<PVOID*>(&pucBuf), nullptr);
        if (NT_SUCCESS(ntStatus)) {
            *pucBuf = static_cast<UCHAR>(InterlockedCompareExchange(&pCtx->lInputs, 0, 0));
            ulInfo  = 1;
        }
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(hRequest, ntStatus, ulInfo);
}
