//
// queue.cpp - sequential default queue: a write stores the data, the next
// read hands it back
//
#include "echo.h"
#include "queue.tmh"

namespace echo {

NTSTATUS Queue::Create(WDFDEVICE Device, WDFQUEUE* Queue)
{
    PAGED_CODE();

    WDF_IO_QUEUE_CONFIG config;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&config, WdfIoQueueDispatchSequential);
    config.EvtIoRead  = EvtRead;
    config.EvtIoWrite = EvtWrite;

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, EchoQueueContext);

    WDFQUEUE queue;
    NTSTATUS status = WdfIoQueueCreate(Device, &config, &attributes, &queue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "WdfIoQueueCreate %!STATUS!", status);
        return status;
    }

    auto ctx = EchoGetQueueContext(queue);
    ctx->Buffer = nullptr;
    ctx->Length = 0;

    *Queue = queue;
    return STATUS_SUCCESS;
}

void Queue::EvtWrite(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    auto ctx = EchoGetQueueContext(Queue);

    if (Length == 0) {
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, 0);
        return;
    }
    if (Length > ECHO_MAX_LENGTH) {
        WdfRequestCompleteWithInformation(Request, STATUS_INVALID_BUFFER_SIZE, 0);
        return;
    }

    WDFMEMORY input;
    NTSTATUS status = WdfRequestRetrieveInputMemory(Request, &input);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Queue;

    WDFMEMORY copy;
    PVOID     copyBuffer;
    status = WdfMemoryCreate(&attributes, NonPagedPoolNx, ECHO_TAG, Length, &copy, &copyBuffer);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    status = WdfMemoryCopyToBuffer(input, 0, copyBuffer, Length);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(copy);
        WdfRequestComplete(Request, status);
        return;
    }

    // sequential queue: no other callback touches the context right now
    if (ctx->Buffer != nullptr) {
        WdfObjectDelete(ctx->Buffer);
    }
    ctx->Buffer = copy;
    ctx->Length = Length;

    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_QUEUE, "stored %Iu bytes", Length);
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, Length);
}

void Queue::EvtRead(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    auto ctx = EchoGetQueueContext(Queue);

    if (ctx->Buffer == nullptr || Length == 0) {
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, 0);
        return;
    }

    WDFMEMORY output;
    NTSTATUS status = WdfRequestRetrieveOutputMemory(Request, &output);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    const size_t n = Length < ctx->Length ? Length : ctx->Length;
    status = WdfMemoryCopyFromBuffer(output, 0, WdfMemoryGetBuffer(ctx->Buffer, nullptr), n);

    WdfRequestCompleteWithInformation(Request, status, NT_SUCCESS(status) ? n : 0);
}

} // namespace echo
