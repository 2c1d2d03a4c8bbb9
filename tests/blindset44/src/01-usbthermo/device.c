/*++
    device.c - device creation, USB target setup and the interrupt-pipe
    continuous reader for the UT-100.  Copyright (c) Tempora Instruments.
--*/

#include "usbthermo.h"
#include "device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text (PAGE, UtEvtDeviceAdd)
#pragma alloc_text (PAGE, UtEvtDevicePrepareHardware)
#endif

NTSTATUS
UtEvtDeviceAdd(
    _In_    WDFDRIVER       hDriver,
    _Inout_ PWDFDEVICE_INIT pDeviceInit
    )
{
    NTSTATUS                        ntStatus;
    WDF_PNPPOWER_EVENT_CALLBACKS    stPnpPowerCallbacks;
    WDF_OBJECT_ATTRIBUTES           stDeviceAttributes;
    WDF_OBJECT_ATTRIBUTES           stLockAttributes;
    WDF_IO_QUEUE_CONFIG             stQueueConfig;
    WDFDEVICE                       hDevice;
    WDFQUEUE                        hQueue;
    PUT_DEVICE_CONTEXT              pDevCtx;

    UNREFERENCED_PARAMETER(hDriver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&stPnpPowerCallbacks);
    stPnpPowerCallbacks.EvtDevicePrepareHardware = UtEvtDevicePrepareHardware;
    stPnpPowerCallbacks.EvtDeviceD0Entry         = UtEvtDeviceD0Entry;
    stPnpPowerCallbacks.EvtDeviceD0Exit          = UtEvtDeviceD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(pDeviceInit, &stPnpPowerCallbacks);

    WdfDeviceInitSetIoType(pDeviceInit, WdfDeviceIoBuffered);
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&stDeviceAttributes, UT_DEVICE_CONTEXT);

    ntStatus = WdfDeviceCreate(&pDeviceInit, &stDeviceAttributes, &hDevice);
    UT_CHECK_STATUS(ntStatus, "WdfDeviceCreate");

    pDevCtx = UtGetDeviceContext(hDevice);
    pDevCtx->hDevice = hDevice;

    WDF_OBJECT_ATTRIBUTES_INIT(&stLockAttributes);
    stLockAttributes.ParentObject = hDevice;
    ntStatus = WdfSpinLockCreate(&stLockAttributes, &pDevCtx->hSampleLock);
    UT_CHECK_STATUS(ntStatus, "WdfSpinLockCreate");

    ntStatus = WdfDeviceCreateDeviceInterface(hDevice, &GUID_DEVINTERFACE_USBTHERMO, NULL);
    UT_CHECK_STATUS(ntStatus, "WdfDeviceCreateDeviceInterface");

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&stQueueConfig, WdfIoQueueDispatchParallel);
    stQueueConfig.EvtIoDeviceControl = UtEvtIoDeviceControl;

    ntStatus = WdfIoQueueCreate(hDevice, &stQueueConfig, WDF_NO_OBJECT_ATTRIBUTES, &hQueue);
    UT_CHECK_STATUS(ntStatus, "WdfIoQueueCreate");

    InterlockedIncrement((volatile LONG *)&g_UtGlobals.ulDeviceCount);

Exit:
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC! Exit %!STATUS!", ntStatus);
    return ntStatus;
}

NTSTATUS
UtEvtDevicePrepareHardware(
    _In_ WDFDEVICE    hDevice,
    _In_ WDFCMRESLIST hResourceList,
    _In_ WDFCMRESLIST hResourceListTranslated
    )
{
    NTSTATUS                                ntStatus = STATUS_SUCCESS;
    PUT_DEVICE_CONTEXT                      pDevCtx;
    WDF_USB_DEVICE_CREATE_CONFIG            stCreateParams;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS     stConfigParams;
    WDF_USB_PIPE_INFORMATION                stPipeInfo;
    WDF_USB_CONTINUOUS_READER_CONFIG        stReaderConfig;
    WDFUSBPIPE                              hPipe;
    UCHAR                                   bIndex;
    UCHAR                                   bPipeCount;

    UNREFERENCED_PARAMETER(hResourceList);
    UNREFERENCED_PARAMETER(hResourceListTranslated);
    PAGED_CODE();

    pDevCtx = UtGetDeviceContext(hDevice);

    //
    // USB target, configuration and reader survive a stop/start (rebalance),
    // only set them up on the first start.
    //
    if (NULL != pDevCtx->hUsbDevice) {
        return STATUS_SUCCESS;
    }

    WDF_USB_DEVICE_CREATE_CONFIG_INIT(&stCreateParams, USBD_CLIENT_CONTRACT_VERSION_602);

    ntStatus = WdfUsbTargetDeviceCreateWithParameters(hDevice,
                                                      &stCreateParams,
                                                      WDF_NO_OBJECT_ATTRIBUTES,
                                                      &pDevCtx->hUsbDevice);
    UT_CHECK_STATUS(ntStatus, "WdfUsbTargetDeviceCreateWithParameters");

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&stConfigParams);

    ntStatus = WdfUsbTargetDeviceSelectConfig(pDevCtx->hUsbDevice,
                                              WDF_NO_OBJECT_ATTRIBUTES,
                                              &stConfigParams);
    UT_CHECK_STATUS(ntStatus, "WdfUsbTargetDeviceSelectConfig");

    pDevCtx->hUsbInterface = stConfigParams.Types.SingleInterface.ConfiguredUsbInterface;
    bPipeCount = stConfigParams.Types.SingleInterface.NumberConfiguredPipes;

    pDevCtx->hInterruptPipe = NULL;
    for (bIndex = 0; bIndex < bPipeCount; bIndex++) {
        WDF_USB_PIPE_INFORMATION_INIT(&stPipeInfo);
        hPipe = WdfUsbInterfaceGetConfiguredPipe(pDevCtx->hUsbInterface, bIndex, &stPipeInfo);
        if (WdfUsbPipeTypeInterrupt == stPipeInfo.PipeType &&
            WdfUsbTargetPipeIsInEndpoint(hPipe)) {
            pDevCtx->hInterruptPipe = hPipe;
            break;
        }
    }

    if (NULL == pDevCtx->hInterruptPipe) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "no interrupt IN endpoint");
        ntStatus = STATUS_INVALID_DEVICE_STATE;
        goto Exit;
    }

    WdfUsbTargetPipeSetNoMaximumPacketSizeCheck(pDevCtx->hInterruptPipe);

    WDF_USB_CONTINUOUS_READER_CONFIG_INIT(&stReaderConfig,
                                          UtEvtReadComplete,
                                          pDevCtx,
                                          UT_SAMPLE_PACKET_BYTES);
    stReaderConfig.EvtUsbTargetPipeReadersFailed = UtEvtReadersFailed;
    stReaderConfig.NumPendingReads = 2;

    ntStatus = WdfUsbTargetPipeConfigContinuousReader(pDevCtx->hInterruptPipe, &stReaderConfig);
    UT_CHECK_STATUS(ntStatus, "WdfUsbTargetPipeConfigContinuousReader");

Exit:
    return ntStatus;
}

NTSTATUS
UtEvtDeviceD0Entry(_In_ WDFDEVICE hDevice, _In_ WDF_POWER_DEVICE_STATE ePreviousState)
{
    UNREFERENCED_PARAMETER(ePreviousState);
    return WdfIoTargetStart(WdfUsbTargetPipeGetIoTarget(UtGetDeviceContext(hDevice)->hInterruptPipe));
}

NTSTATUS
UtEvtDeviceD0Exit(_In_ WDFDEVICE hDevice, _In_ WDF_POWER_DEVICE_STATE eTargetState)
{
    UNREFERENCED_PARAMETER(eTargetState);
    WdfIoTargetStop(WdfUsbTargetPipeGetIoTarget(UtGetDeviceContext(hDevice)->hInterruptPipe),
                    WdfIoTargetCancelSentIo);
    return STATUS_SUCCESS;
}

VOID
UtEvtReadComplete(
    _In_ WDFUSBPIPE hPipe,
    _In_ WDFMEMORY  hBuffer,
    _In_ size_t     cbTransferred,
    _In_ WDFCONTEXT pContext
    )
{
    PUT_DEVICE_CONTEXT  pDevCtx = (PUT_DEVICE_CONTEXT)pContext;
    PUT_SAMPLE_PACKET   pPacket;
    UT_SAMPLE           stSample;
    ULONG               ulChannel;
    LONG                lRaw;

    UNREFERENCED_PARAMETER(hPipe);

    if (cbTransferred < sizeof(UT_SAMPLE_PACKET)) {
        return;
    }

    pPacket = (PUT_SAMPLE_PACKET)WdfMemoryGetBuffer(hBuffer, NULL);

    stSample.ulSequence = pPacket->bSequence;
    for (ulChannel = 0; ulChannel < UT_CHANNEL_COUNT; ulChannel++) {
        lRaw = pPacket->asRaw[ulChannel];
        lRaw = (lRaw < 0) ? 0 : ((lRaw >= UT_CAL_POINTS) ? UT_CAL_POINTS - 1 : lRaw);
        stSample.alMilliCelsius[ulChannel] =
            g_UtGlobals.plCalTable[ulChannel * UT_CAL_POINTS + lRaw] +
            (LONG)pPacket->wColdJunction;
    }

    WdfSpinLockAcquire(pDevCtx->hSampleLock);
    pDevCtx->stLastSample = stSample;
    WdfSpinLockRelease(pDevCtx->hSampleLock);
}

BOOLEAN
UtEvtReadersFailed(_In_ WDFUSBPIPE hPipe, _In_ NTSTATUS ntStatus, _In_ USBD_STATUS usbdStatus)
{
    PUT_DEVICE_CONTEXT pDevCtx =
        UtGetDeviceContext(WdfIoTargetGetDevice(WdfUsbTargetPipeGetIoTarget(hPipe)));

    pDevCtx->ulReaderErrors++;
    TraceEvents(TRACE_LEVEL_WARNING, TRACE_READER, "reader failed %!STATUS! usbd 0x%08X (#%u)",
                ntStatus, usbdStatus, pDevCtx->ulReaderErrors);
    return TRUE;    // let the framework reset the pipe and restart the readers
}

VOID
UtEvtIoDeviceControl(
    _In_ WDFQUEUE   hQueue,
    _In_ WDFREQUEST hRequest,
    _In_ size_t     cbOutput,
    _In_ size_t     cbInput,
    _In_ ULONG      ulIoControlCode
    )
{
    NTSTATUS            ntStatus = STATUS_INVALID_DEVICE_REQUEST;
    PUT_DEVICE_CONTEXT  pDevCtx = UtGetDeviceContext(WdfIoQueueGetDevice(hQueue));
    PVOID               pvOut = NULL;
    ULONG_PTR           ulInfo = 0;

    UNREFERENCED_PARAMETER(cbOutput);
    UNREFERENCED_PARAMETER(cbInput);

    if (IOCTL_UT_GET_SAMPLE == ulIoControlCode) {
        ntStatus = WdfRequestRetrieveOutputBuffer(hRequest, sizeof(UT_SAMPLE), &pvOut, NULL);
        if (NT_SUCCESS(ntStatus)) {
            WdfSpinLockAcquire(pDevCtx->hSampleLock);
            RtlCopyMemory(pvOut, &pDevCtx->stLastSample, sizeof(UT_SAMPLE));
            WdfSpinLockRelease(pDevCtx->hSampleLock);
            ulInfo = sizeof(UT_SAMPLE);
        }
    }
    WdfRequestCompleteWithInformation(hRequest, ntStatus, ulInfo);
}
