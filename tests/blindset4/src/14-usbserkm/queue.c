/*
 * queue.c - read and write paths of UsbSerKm.
 */
#include "usbser.h"
#include "queue.tmh"

static EVT_WDF_REQUEST_COMPLETION_ROUTINE UsReadComplete;
static EVT_WDF_REQUEST_COMPLETION_ROUTINE UsWriteComplete;

NTSTATUS
UsQueueInitialize(_In_ WDFDEVICE Device)
{
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFQUEUE queue;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoRead  = UsEvtIoRead;
    queueConfig.EvtIoWrite = UsEvtIoWrite;
    queueConfig.EvtIoStop  = UsEvtIoStop;

    return WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
}

VOID
UsEvtIoRead(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    PUS_DEVICE_CONTEXT ctx = UsGetDeviceContext(WdfIoQueueGetDevice(Queue));
    WDFMEMORY memory;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Length);

    status = WdfRequestRetrieveOutputMemory(Request, &memory);
    if (NT_SUCCESS(status)) {
        status = WdfUsbTargetPipeFormatRequestForRead(ctx->BulkIn, Request, memory, NULL);
    }
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WdfRequestSetCompletionRoutine(Request, UsReadComplete, ctx);
    if (!WdfRequestSend(Request, WdfUsbTargetPipeGetIoTarget(ctx->BulkIn), WDF_NO_SEND_OPTIONS)) {
        WdfRequestComplete(Request, WdfRequestGetStatus(Request));
    }
}

static VOID
UsReadComplete(
    _In_ WDFREQUEST Request,
    _In_ WDFIOTARGET Target,
    _In_ PWDF_REQUEST_COMPLETION_PARAMS Params,
    _In_ WDFCONTEXT Context
    )
{
    PUS_DEVICE_CONTEXT ctx = (PUS_DEVICE_CONTEXT)Context;
    size_t bytes = Params->Parameters.Usb.Completion->Parameters.PipeRead.Length;

    UNREFERENCED_PARAMETER(Target);

    ctx->BytesRead += (ULONG)bytes;
    WdfRequestCompleteWithInformation(Request, Params->IoStatus.Status, bytes);
}

/*
 * Writes are staged in a lookaside buffer so the caller's buffer can be
 * released early and small writes can later be coalesced.
 */
VOID
UsEvtIoWrite(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    PUS_DEVICE_CONTEXT      ctx = UsGetDeviceContext(WdfIoQueueGetDevice(Queue));
    PUS_DRIVER_CONTEXT      drvCtx = UsGetDriverContext(WdfGetDriver());
    WDFMEMORY               staging;
    WDFMEMORY               input;
    WDF_REQUEST_SEND_OPTIONS options;
    WDFMEMORY_OFFSET        offset;
    NTSTATUS                status;

    if (Length == 0 || Length > US_TRANSFER_BUFFER_SIZE) {
        WdfRequestComplete(Request, STATUS_INVALID_BUFFER_SIZE);
        return;
    }

    status = WdfRequestRetrieveInputMemory(Request, &input);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    status = WdfMemoryCreateFromLookaside(drvCtx->TransferLookaside, &staging);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    status = WdfMemoryCopyFromBuffer(staging, 0, WdfMemoryGetBuffer(input, NULL), Length);
    if (NT_SUCCESS(status)) {
        offset.BufferOffset = 0;
        offset.BufferLength = Length;
        status = WdfUsbTargetPipeFormatRequestForWrite(ctx->BulkOut, Request, staging, &offset);
    }
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(staging);
        WdfRequestComplete(Request, status);
        return;
    }

    WdfRequestSetCompletionRoutine(Request, UsWriteComplete, staging);

    WDF_REQUEST_SEND_OPTIONS_INIT(&options, 0);
    WDF_REQUEST_SEND_OPTIONS_SET_TIMEOUT(&options, WDF_REL_TIMEOUT_IN_MS(drvCtx->WriteTimeoutMs));

    if (!WdfRequestSend(Request, WdfUsbTargetPipeGetIoTarget(ctx->BulkOut), &options)) {
        status = WdfRequestGetStatus(Request);
        WdfObjectDelete(staging);
        WdfRequestComplete(Request, status);
    }
}

static VOID
UsWriteComplete(
    _In_ WDFREQUEST Request,
    _In_ WDFIOTARGET Target,
    _In_ PWDF_REQUEST_COMPLETION_PARAMS Params,
    _In_ WDFCONTEXT Context
    )
{
    WDFMEMORY staging = (WDFMEMORY)Context;
    PUS_DEVICE_CONTEXT ctx = UsGetDeviceContext(WdfIoTargetGetDevice(Target));
    size_t bytes = Params->Parameters.Usb.Completion->Parameters.PipeWrite.Length;

    ctx->BytesWritten += (ULONG)bytes;
    WdfObjectDelete(staging);           /* back to the lookaside list */
    WdfRequestCompleteWithInformation(Request, Params->IoStatus.Status, bytes);
}

VOID
UsEvtIoStop(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ ULONG ActionFlags)
{
    UNREFERENCED_PARAMETER(Queue);

    if (ActionFlags & WdfRequestStopActionSuspend) {
        WdfRequestStopAcknowledge(Request, FALSE);
    } else if (ActionFlags & WdfRequestStopActionPurge) {
        WdfRequestCancelSentRequest(Request);
    }
}
