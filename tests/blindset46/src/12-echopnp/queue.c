/*++

    queue.c - default queue: write stores, read returns

--*/

#include "driver.h"
#include "queue.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text (PAGE, EchoQueueInitialize)
#endif

NTSTATUS
EchoQueueInitialize(
    _In_ WDFDEVICE Device
    )
{
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFQUEUE queue;
    NTSTATUS status;

    PAGED_CODE();

    //
    // sequential queue - the buffer in the device context is only touched
    // from these callbacks, one at a time
    //
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead  = EchoEvtIoRead;
    queueConfig.EvtIoWrite = EchoEvtIoWrite;

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "WdfIoQueueCreate failed %!STATUS!", status);
    }
    return status;
}

VOID
EchoEvtIoWrite(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    PDEVICE_CONTEXT ctx = DeviceGetContext(device);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFMEMORY input;
    WDFMEMORY copy;
    NTSTATUS status;

    if (Length == 0 || Length > ECHO_MAX_WRITE) {
        WdfRequestCompleteWithInformation(Request, STATUS_INVALID_BUFFER_SIZE, 0);
        return;
    }

    status = WdfRequestRetrieveInputMemory(Request, &input);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;

    status = WdfMemoryCreate(&attributes, NonPagedPoolNx, ECHO_POOL_TAG, Length, &copy, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    status = WdfMemoryCopyToBuffer(input, 0, WdfMemoryGetBuffer(copy, NULL), Length);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(copy);
        WdfRequestComplete(Request, status);
        return;
    }

    if (ctx->Buffer != NULL) {
        WdfObjectDelete(ctx->Buffer);
    }
    ctx->Buffer = copy;
    ctx->BufferLength = Length;
    InterlockedIncrement(&ctx->Writes);

    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_QUEUE, "write %u bytes", (ULONG)Length);
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, Length);
}

VOID
EchoEvtIoRead(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    PDEVICE_CONTEXT ctx = DeviceGetContext(WdfIoQueueGetDevice(Queue));
    WDFMEMORY output;
    size_t count;
    NTSTATUS status;

    if (ctx->Buffer == NULL) {
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, 0);
        return;
    }

    status = WdfRequestRetrieveOutputMemory(Request, &output);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    count = min(Length, ctx->BufferLength);
    status = WdfMemoryCopyFromBuffer(output, 0, WdfMemoryGetBuffer(ctx->Buffer, NULL), count);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    InterlockedIncrement(&ctx->Reads);
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, count);
}
