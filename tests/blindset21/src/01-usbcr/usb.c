/*++
Module Name:
    usb.c

Abstract:
    USB target configuration and the interrupt-pipe continuous reader.
--*/
#include "ucr.h"

static
NTSTATUS
UcrSelectInterface(
    _In_ PDEVICE_CONTEXT Ctx
    );

static
NTSTATUS
UcrFindInterruptPipe(
    _In_ PDEVICE_CONTEXT Ctx
    );

static
NTSTATUS
UcrConfigureContinuousReader(
    _In_ PDEVICE_CONTEXT Ctx
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, UcrConfigureUsbDevice)
#pragma alloc_text(PAGE, UcrSelectInterface)
#pragma alloc_text(PAGE, UcrFindInterruptPipe)
#pragma alloc_text(PAGE, UcrConfigureContinuousReader)
#endif

_Use_decl_annotations_
NTSTATUS
UcrConfigureUsbDevice(
    PDEVICE_CONTEXT Ctx
    )
{
    NTSTATUS                       status;
    WDF_USB_DEVICE_CREATE_CONFIG   createConfig;
    WDF_USB_DEVICE_INFORMATION     deviceInfo;

    PAGED_CODE();

    WDF_USB_DEVICE_CREATE_CONFIG_INIT(&createConfig, USBD_CLIENT_CONTRACT_VERSION_602);

    status = WdfUsbTargetDeviceCreateWithParameters(Ctx->Device,
                                                    &createConfig,
                                                    WDF_NO_OBJECT_ATTRIBUTES,
                                                    &Ctx->UsbDevice);
    RETURN_IF_NT_FAILED(status);

    WDF_USB_DEVICE_INFORMATION_INIT(&deviceInfo);
    status = WdfUsbTargetDeviceRetrieveInformation(Ctx->UsbDevice, &deviceInfo);
    if (NT_SUCCESS(status)) {
        UCR_INFO("usbd version 0x%X traits 0x%X",
                 deviceInfo.UsbdVersionInformation.USBDI_Version,
                 deviceInfo.Traits);
    }

    RETURN_IF_NT_FAILED(UcrSelectInterface(Ctx));
    RETURN_IF_NT_FAILED(UcrFindInterruptPipe(Ctx));
    RETURN_IF_NT_FAILED(UcrConfigureContinuousReader(Ctx));

    Ctx->ReaderConfigured = TRUE;
    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
NTSTATUS
UcrSelectInterface(
    PDEVICE_CONTEXT Ctx
    )
{
    NTSTATUS                             status;
    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS  params;

    PAGED_CODE();

    WDF_USB_DEVICE_SELECT_CONFIG_PARAMS_INIT_SINGLE_INTERFACE(&params);

    status = WdfUsbTargetDeviceSelectConfig(Ctx->UsbDevice,
                                            WDF_NO_OBJECT_ATTRIBUTES,
                                            &params);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    Ctx->UsbInterface = params.Types.SingleInterface.ConfiguredUsbInterface;
    if (params.Types.SingleInterface.NumberConfiguredPipes == 0) {
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
NTSTATUS
UcrFindInterruptPipe(
    PDEVICE_CONTEXT Ctx
    )
{
    BYTE                         index;
    BYTE                         count;
    WDF_USB_PIPE_INFORMATION     pipeInfo;
    WDFUSBPIPE                   pipe;

    PAGED_CODE();

    count = WdfUsbInterfaceGetNumConfiguredPipes(Ctx->UsbInterface);

    for (index = 0; index < count; index++) {
        WDF_USB_PIPE_INFORMATION_INIT(&pipeInfo);
        pipe = WdfUsbInterfaceGetConfiguredPipe(Ctx->UsbInterface, index, &pipeInfo);
        if (pipe == NULL) {
            continue;
        }

        if (pipeInfo.PipeType == WdfUsbPipeTypeInterrupt &&
            WdfUsbTargetPipeIsInEndpoint(pipe)) {
            Ctx->InterruptPipe = pipe;
            Ctx->MaxPacketSize = pipeInfo.MaximumPacketSize;
            //
            // Short packets are the normal case for the sensor.
            //
            WdfUsbTargetPipeSetNoMaximumPacketSizeCheck(pipe);
            return STATUS_SUCCESS;
        }
    }

    UCR_ERR("no interrupt IN pipe among %u", count);
    return STATUS_DEVICE_CONFIGURATION_ERROR;
}

static
_Use_decl_annotations_
NTSTATUS
UcrConfigureContinuousReader(
    PDEVICE_CONTEXT Ctx
    )
{
    WDF_USB_CONTINUOUS_READER_CONFIG config;
    size_t                           transferLength;

    PAGED_CODE();

    transferLength = g_UcrGlobals.Params.TransferSize;
    if (transferLength < Ctx->MaxPacketSize) {
        transferLength = Ctx->MaxPacketSize;
    }

    WDF_USB_CONTINUOUS_READER_CONFIG_INIT(&config,
                                          UcrEvtUsbInterruptPipeReadComplete,
                                          Ctx,
                                          transferLength);
    config.NumPendingReads = (UCHAR)g_UcrGlobals.Params.NumPendingReads;
    config.EvtUsbTargetPipeReadersFailed = UcrEvtUsbInterruptReadersFailed;

    return WdfUsbTargetPipeConfigContinuousReader(Ctx->InterruptPipe, &config);
}

_Use_decl_annotations_
VOID
UcrCompletePendingSample(
    PDEVICE_CONTEXT Ctx,
    PVOID           Data,
    size_t          Length
    )
{
    NTSTATUS   status;
    WDFREQUEST request;
    PVOID      outBuffer;
    size_t     outLength;

    status = WdfIoQueueRetrieveNextRequest(Ctx->PendingSampleQueue, &request);
    if (!NT_SUCCESS(status)) {
        WdfSpinLockAcquire(Ctx->StatsLock);
        Ctx->Stats.SamplesDropped++;
        WdfSpinLockRelease(Ctx->StatsLock);
        return;
    }

    status = WdfRequestRetrieveOutputBuffer(request, 1, &outBuffer, &outLength);
    if (NT_SUCCESS(status)) {
        if (outLength > Length) {
            outLength = Length;
        }
        RtlCopyMemory(outBuffer, Data, outLength);
        WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, outLength);
    } else {
        WdfRequestComplete(request, status);
    }
}

_Use_decl_annotations_
VOID
UcrEvtUsbInterruptPipeReadComplete(
    WDFUSBPIPE Pipe,
    WDFMEMORY  Buffer,
    size_t     NumBytesTransferred,
    WDFCONTEXT Context
    )
{
    PDEVICE_CONTEXT ctx = (PDEVICE_CONTEXT)Context;
    PVOID           data;

    UNREFERENCED_PARAMETER(Pipe);

    if (NumBytesTransferred == 0) {
        return;
    }

    data = WdfMemoryGetBuffer(Buffer, NULL);

    WdfSpinLockAcquire(ctx->StatsLock);
    ctx->Stats.SamplesReceived++;
    WdfSpinLockRelease(ctx->StatsLock);

    UcrCompletePendingSample(ctx, data, NumBytesTransferred);
}

_Use_decl_annotations_
BOOLEAN
UcrEvtUsbInterruptReadersFailed(
    WDFUSBPIPE  Pipe,
    NTSTATUS    Status,
    USBD_STATUS UsbdStatus
    )
{
    WDFDEVICE       device = WdfIoTargetGetDevice(WdfUsbTargetPipeGetIoTarget(Pipe));
    PDEVICE_CONTEXT ctx = UcrGetDeviceContext(device);

    UCR_ERR("readers failed 0x%08X usbd 0x%08X", Status, UsbdStatus);

    WdfSpinLockAcquire(ctx->StatsLock);
    ctx->Stats.ReaderFailures++;
    WdfSpinLockRelease(ctx->StatsLock);

    //
    // Let the framework reset the pipe and restart the readers.
    //
    return TRUE;
}
