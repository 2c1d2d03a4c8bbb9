#include "echo.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, EchoQueueInitialize)
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

    // sequential: one request at a time, so the context needs no lock
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead          = EchoEvtIoRead;
    queueConfig.EvtIoWrite         = EchoEvtIoWrite;
    queueConfig.EvtIoDeviceControl = EchoEvtIoDeviceControl;

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        EchoPrint(("KmdfEcho: WdfIoQueueCreate failed 0x%x\n", status));
    }
    return status;
}

VOID
EchoEvtIoWrite(
    IN WDFQUEUE   Queue,
    IN WDFREQUEST Request,
    IN size_t     Length
    )
{
    PCONTROL_CONTEXT ctx = EchoGetContext(WdfIoQueueGetDevice(Queue));
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFMEMORY memory;
    PVOID inBuf;
    NTSTATUS status;

    if (Length == 0 || Length > ECHO_MAX_BUFFER) {
        WdfRequestCompleteWithInformation(Request, STATUS_INVALID_BUFFER_SIZE, 0);
        return;
    }

    status = WdfRequestRetrieveInputBuffer(Request, Length, &inBuf, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = WdfIoQueueGetDevice(Queue);

    status = WdfMemoryCreate(&attributes, NonPagedPoolNx, ECHO_TAG, Length, &memory, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    status = WdfMemoryCopyFromBuffer(memory, 0, inBuf, Length);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(memory);
        WdfRequestComplete(Request, status);
        return;
    }

    if (ctx->Data != NULL) {
        WdfObjectDelete(ctx->Data);
    }
    ctx->Data = memory;
    ctx->Length = Length;
    ctx->Writes++;

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, Length);
}

VOID
EchoEvtIoRead(
    IN WDFQUEUE   Queue,
    IN WDFREQUEST Request,
    IN size_t     Length
    )
{
    PCONTROL_CONTEXT ctx = EchoGetContext(WdfIoQueueGetDevice(Queue));
    WDFMEMORY outMem;
    size_t toCopy;
    NTSTATUS status;

    if (ctx->Data == NULL) {
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, 0);
        return;
    }

    status = WdfRequestRetrieveOutputMemory(Request, &outMem);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    toCopy = min(Length, ctx->Length);
    status = WdfMemoryCopyFromBuffer(outMem, 0, WdfMemoryGetBuffer(ctx->Data, NULL), toCopy);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    ctx->Reads++;
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, toCopy);
}

VOID
EchoEvtIoDeviceControl(
    IN WDFQUEUE   Queue,
    IN WDFREQUEST Request,
    IN size_t     OutputBufferLength,
    IN size_t     InputBufferLength,
    IN ULONG      IoControlCode
    )
{
    PCONTROL_CONTEXT ctx = EchoGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_ECHO_RESET:
        if (ctx->Data != NULL) {
            WdfObjectDelete(ctx->Data);
            ctx->Data = NULL;
        }
        ctx->Length = 0;
        status = STATUS_SUCCESS;
        break;

    case IOCTL_ECHO_LENGTH: {
        PULONG out;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID*)&out, NULL);
        if (NT_SUCCESS(status)) {
            *out = (ULONG)ctx->Length;
            info = sizeof(ULONG);
        }
        break;
    }

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
