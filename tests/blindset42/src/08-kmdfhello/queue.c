/*
 * queue.c - default queue for the hello control device
 */
#include "driver.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, HelloQueueInitialize)
#endif

NTSTATUS
HelloQueueInitialize(WDFDEVICE Device)
{
    NTSTATUS status;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFQUEUE queue;
    PCONTROL_DEVICE_CONTEXT ctx = ControlGetContext(Device);

    PAGED_CODE();

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.PowerManaged = WdfFalse;            /* control device, no power */
    queueConfig.EvtIoDeviceControl = HelloEvtIoDeviceControl;
    queueConfig.EvtIoRead = HelloEvtIoRead;
    queueConfig.EvtIoWrite = HelloEvtIoWrite;

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        KdPrint(("KmdfHello: WdfIoQueueCreate failed 0x%x\n", status));
        return status;
    }

    ctx->DefaultQueue = queue;
    RtlZeroMemory(&ctx->Stats, sizeof(ctx->Stats));
    return STATUS_SUCCESS;
}

VOID
HelloEvtIoRead(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    PCONTROL_DEVICE_CONTEXT ctx = ControlGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status;
    PVOID buffer;
    size_t len = sizeof(HELLO_GREETING) - 1;

    if (Length < len) {
        WdfRequestComplete(Request, STATUS_BUFFER_TOO_SMALL);
        return;
    }

    status = WdfRequestRetrieveOutputBuffer(Request, len, &buffer, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }
    RtlCopyMemory(buffer, HELLO_GREETING, len);
    ctx->Stats.Reads++;

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, len);
}

VOID
HelloEvtIoWrite(WDFQUEUE Queue, WDFREQUEST Request, size_t Length)
{
    PCONTROL_DEVICE_CONTEXT ctx = ControlGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status;
    PVOID buffer;

    if (Length == 0) {
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, 0);
        return;
    }

    status = WdfRequestRetrieveInputBuffer(Request, 1, &buffer, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    /* we just print the first bytes and throw the data away */
    KdPrint(("KmdfHello: write %Iu bytes, first=0x%02x\n", Length, *(PUCHAR)buffer));
    ctx->Stats.Writes++;
    ctx->Stats.BytesWritten += (ULONG)Length;

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, Length);
}

VOID
HelloEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                        size_t InputBufferLength, ULONG IoControlCode)
{
    PCONTROL_DEVICE_CONTEXT ctx = ControlGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PVOID out;

    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_HELLO_PING:
        ctx->Stats.Pings++;
        status = STATUS_SUCCESS;
        break;

    case IOCTL_HELLO_STATS:
        if (OutputBufferLength < sizeof(HELLO_STATS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(HELLO_STATS), &out, NULL);
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(out, &ctx->Stats, sizeof(HELLO_STATS));
            info = sizeof(HELLO_STATS);
        }
        break;

    case IOCTL_HELLO_RESET:
        RtlZeroMemory(&ctx->Stats, sizeof(ctx->Stats));
        status = STATUS_SUCCESS;
        break;

    default:
        KdPrint(("KmdfHello: unknown ioctl 0x%08x\n", IoControlCode));
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
