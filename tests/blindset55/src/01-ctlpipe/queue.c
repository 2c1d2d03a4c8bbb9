#include "ctlpipe.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, CtlPipeQueueInitialize)
#endif

NTSTATUS
CtlPipeQueueInitialize(
    _In_ WDFDEVICE Device
    )
{
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFQUEUE            queue;
    NTSTATUS            status;

    PAGED_CODE();

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead          = CtlPipeEvtIoRead;
    queueConfig.EvtIoWrite         = CtlPipeEvtIoWrite;
    queueConfig.EvtIoDeviceControl = CtlPipeEvtIoDeviceControl;

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        LOGERR("WdfIoQueueCreate failed 0x%08X", status);
    }
    return status;
}

static ULONG
RingPut(PCTLPIPE_CONTEXT Ctx, const UCHAR* Src, ULONG Len)
{
    ULONG n = 0;

    while (n < Len && Ctx->Used < CTLPIPE_RING_SIZE) {
        Ctx->Ring[Ctx->Tail] = Src[n++];
        Ctx->Tail = (Ctx->Tail + 1) % CTLPIPE_RING_SIZE;
        Ctx->Used++;
    }
    if (n < Len) {
        Ctx->Stats.Overruns++;
    }
    return n;
}

static ULONG
RingGet(PCTLPIPE_CONTEXT Ctx, UCHAR* Dst, ULONG Len)
{
    ULONG n = 0;

    while (n < Len && Ctx->Used > 0) {
        Dst[n++] = Ctx->Ring[Ctx->Head];
        Ctx->Head = (Ctx->Head + 1) % CTLPIPE_RING_SIZE;
        Ctx->Used--;
    }
    return n;
}

VOID
CtlPipeEvtIoWrite(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    PCTLPIPE_CONTEXT ctx = CtlPipeGetContext(WdfIoQueueGetDevice(Queue));
    PVOID            buffer;
    size_t           got;
    ULONG            written = 0;
    NTSTATUS         status;

    status = WdfRequestRetrieveInputBuffer(Request, 1, &buffer, &got);
    if (NT_SUCCESS(status)) {
        if (got > Length) {
            got = Length;
        }
        WdfSpinLockAcquire(ctx->RingLock);
        written = RingPut(ctx, (const UCHAR*)buffer, (ULONG)got);
        ctx->Stats.BytesIn += written;
        WdfSpinLockRelease(ctx->RingLock);
    }

    WdfRequestCompleteWithInformation(Request, status, written);
}

VOID
CtlPipeEvtIoRead(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    PCTLPIPE_CONTEXT ctx = CtlPipeGetContext(WdfIoQueueGetDevice(Queue));
    PVOID            buffer;
    size_t           room;
    ULONG            read = 0;
    NTSTATUS         status;

    UNREFERENCED_PARAMETER(Length);

    status = WdfRequestRetrieveOutputBuffer(Request, 1, &buffer, &room);
    if (NT_SUCCESS(status)) {
        WdfSpinLockAcquire(ctx->RingLock);
        read = RingGet(ctx, (UCHAR*)buffer, (ULONG)room);
        ctx->Stats.BytesOut += read;
        WdfSpinLockRelease(ctx->RingLock);
    }

    WdfRequestCompleteWithInformation(Request, status, read);
}

VOID
CtlPipeEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PCTLPIPE_CONTEXT ctx = CtlPipeGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS         status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR        info = 0;
    PCTLPIPE_STATS   out;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_CTLPIPE_RESET:
        WdfSpinLockAcquire(ctx->RingLock);
        ctx->Head = ctx->Tail = ctx->Used = 0;
        WdfSpinLockRelease(ctx->RingLock);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_CTLPIPE_STATS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(*out), (PVOID*)&out, NULL);
        if (NT_SUCCESS(status)) {
            WdfSpinLockAcquire(ctx->RingLock);
            *out = ctx->Stats;
            WdfSpinLockRelease(ctx->RingLock);
            info = sizeof(*out);
        }
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
