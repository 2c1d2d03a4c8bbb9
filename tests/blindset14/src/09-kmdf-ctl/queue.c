/*
 * queue.c - one sequential queue, so the message buffer needs no lock
 */
#include "driver.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, HelloQueueInitialize)
#endif

NTSTATUS HelloQueueInitialize(_In_ WDFDEVICE Device)
{
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFQUEUE queue;

    PAGED_CODE();

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead = HelloEvtIoRead;
    queueConfig.EvtIoWrite = HelloEvtIoWrite;
    queueConfig.EvtIoDeviceControl = HelloEvtIoDeviceControl;

    return WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
}

VOID HelloEvtIoRead(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    PDEVICE_CONTEXT ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    PVOID buffer;
    size_t toCopy;
    NTSTATUS status;

    toCopy = min(Length, (size_t)ctx->Stats.MessageLength);
    if (toCopy == 0) {
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, 0);
        return;
    }

    status = WdfRequestRetrieveOutputBuffer(Request, toCopy, &buffer, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    RtlCopyMemory(buffer, ctx->Message, toCopy);
    ctx->Stats.Reads++;
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, toCopy);
}

VOID HelloEvtIoWrite(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    PDEVICE_CONTEXT ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    PVOID buffer;
    size_t toCopy;
    NTSTATUS status;

    toCopy = min(Length, (size_t)HELLO_MAX_MESSAGE);
    status = WdfRequestRetrieveInputBuffer(Request, 1, &buffer, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    RtlCopyMemory(ctx->Message, buffer, toCopy);
    ctx->Stats.MessageLength = (unsigned long)toCopy;
    ctx->Stats.Writes++;
    KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "HelloKmdf: got %Iu bytes\n", toCopy));
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, toCopy);
}

VOID HelloEvtIoDeviceControl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t OutputBufferLength,
                             _In_ size_t InputBufferLength, _In_ ULONG IoControlCode)
{
    PDEVICE_CONTEXT ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    HELLO_STATS* out;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_HELLO_GET_STATS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(HELLO_STATS), (PVOID*)&out, NULL);
        if (NT_SUCCESS(status)) {
            *out = ctx->Stats;
            WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(HELLO_STATS));
            return;
        }
        break;

    case IOCTL_HELLO_RESET:
        RtlZeroMemory(&ctx->Stats, sizeof(ctx->Stats));
        RtlZeroMemory(ctx->Message, sizeof(ctx->Message));
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestComplete(Request, status);
}
