/*
 * device.c -- urstub.sys filter device: URB interception and export queue.
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */
#include "urstub.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, StubEvtDeviceAdd)
#endif

static
NTSTATUS
StubCreateQueues(
    _In_ WDFDEVICE Device,
    _Inout_ PSTUB_DEVICE_CONTEXT Ctx
    )
{
    NTSTATUS status;
    WDF_IO_QUEUE_CONFIG queueConfig;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoInternalDeviceControl = StubEvtInternalDeviceControl;
    queueConfig.EvtIoDeviceControl = StubEvtDeviceControl;

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        UR_ERR("default queue 0x%08X", status);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &Ctx->UrbQueue);
    if (!NT_SUCCESS(status)) {
        UR_ERR("urb queue 0x%08X", status);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &Ctx->ReaderQueue);
    if (!NT_SUCCESS(status)) {
        UR_ERR("reader queue 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
StubEvtDeviceAdd(
    WDFDRIVER Driver,
    PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS status;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDEVICE device;
    PSTUB_DEVICE_CONTEXT ctx;
    PSTUB_DRIVER_CONTEXT drv = StubGetDriverContext(Driver);

    PAGED_CODE();

    WdfFdoInitSetFilter(DeviceInit);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, STUB_DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        UR_ERR("WdfDeviceCreate 0x%08X", status);
        return status;
    }

    ctx = StubGetDeviceContext(device);
    ctx->Device = device;
    ctx->Target = WdfDeviceGetIoTarget(device);
    ctx->MaxPendingUrbs = drv->Settings.MaxPendingUrbs;
    ctx->Exported = drv->Settings.ExportByDefault ? 1 : 0;

    status = StubCreateQueues(device, ctx);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    InterlockedIncrement(&drv->DeviceCount);
    UR_INFO("filter attached, exported=%ld", ctx->Exported);
    return STATUS_SUCCESS;
}

static
VOID
StubForward(
    _In_ WDFREQUEST Request,
    _In_ WDFIOTARGET Target
    )
{
    WDF_REQUEST_SEND_OPTIONS options;

    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);
    if (!WdfRequestSend(Request, Target, &options)) {
        WdfRequestComplete(Request, WdfRequestGetStatus(Request));
    }
}

static
VOID
StubPairUrbWithReader(
    _In_ PSTUB_DEVICE_CONTEXT Ctx
    )
{
    NTSTATUS status;
    WDFREQUEST urbRequest;
    WDFREQUEST reader;
    PURB urb;
    PVOID out;
    size_t outLength;
    WDF_REQUEST_PARAMETERS params;

    for (;;) {
        status = WdfIoQueueRetrieveNextRequest(Ctx->ReaderQueue, &reader);
        if (!NT_SUCCESS(status)) {
            return;
        }

        status = WdfIoQueueRetrieveNextRequest(Ctx->UrbQueue, &urbRequest);
        if (!NT_SUCCESS(status)) {
            WdfRequestRequeue(reader);
            return;
        }

        WDF_REQUEST_PARAMETERS_INIT(&params);
        WdfRequestGetParameters(urbRequest, &params);
        urb = (PURB)params.Parameters.Others.Arg1;

        status = WdfRequestRetrieveOutputBuffer(reader, urb->UrbHeader.Length, &out, &outLength);
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(out, urb, urb->UrbHeader.Length);
            WdfRequestCompleteWithInformation(reader, STATUS_SUCCESS, urb->UrbHeader.Length);
        } else {
            WdfRequestComplete(reader, status);
        }

        /*
         * The remote side answers asynchronously with the transfer result;
         * until that protocol is finished, the URB is passed down locally.
         */
        InterlockedDecrement(&Ctx->PendingUrbs);
        StubForward(urbRequest, Ctx->Target);
    }
}

_Use_decl_annotations_
VOID
StubEvtInternalDeviceControl(
    WDFQUEUE Queue,
    WDFREQUEST Request,
    size_t OutputBufferLength,
    size_t InputBufferLength,
    ULONG IoControlCode
    )
{
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    PSTUB_DEVICE_CONTEXT ctx = StubGetDeviceContext(device);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode != IOCTL_INTERNAL_USB_SUBMIT_URB || ctx->Exported == 0) {
        StubForward(Request, ctx->Target);
        return;
    }

    if ((ULONG)InterlockedIncrement(&ctx->PendingUrbs) > ctx->MaxPendingUrbs) {
        InterlockedDecrement(&ctx->PendingUrbs);
        StubForward(Request, ctx->Target);
        return;
    }

    status = WdfRequestForwardToIoQueue(Request, ctx->UrbQueue);
    if (!NT_SUCCESS(status)) {
        InterlockedDecrement(&ctx->PendingUrbs);
        StubForward(Request, ctx->Target);
        return;
    }

    StubPairUrbWithReader(ctx);
}

_Use_decl_annotations_
VOID
StubEvtDeviceControl(
    WDFQUEUE Queue,
    WDFREQUEST Request,
    size_t OutputBufferLength,
    size_t InputBufferLength,
    ULONG IoControlCode
    )
{
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    PSTUB_DEVICE_CONTEXT ctx = StubGetDeviceContext(device);
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_URSTUB_EXPORT:
        InterlockedExchange(&ctx->Exported, 1);
        WdfRequestComplete(Request, STATUS_SUCCESS);
        return;

    case IOCTL_URSTUB_UNEXPORT:
        InterlockedExchange(&ctx->Exported, 0);
        WdfIoQueuePurgeSynchronously(ctx->ReaderQueue);
        WdfIoQueueStart(ctx->ReaderQueue);
        WdfRequestComplete(Request, STATUS_SUCCESS);
        return;

    case IOCTL_URSTUB_GET_URB:
        status = WdfRequestForwardToIoQueue(Request, ctx->ReaderQueue);
        if (!NT_SUCCESS(status)) {
            WdfRequestComplete(Request, status);
            return;
        }
        StubPairUrbWithReader(ctx);
        return;

    default:
        StubForward(Request, ctx->Target);
        return;
    }
}
