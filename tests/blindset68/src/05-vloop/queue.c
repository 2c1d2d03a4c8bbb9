#include "vloop.h"

NTSTATUS
VLoopQueueInitialize(
    _In_ WDFDEVICE Device
    )
{
    PVLOOP_DEVICE ctx = VLoopGetDevice(Device);
    WDF_IO_QUEUE_CONFIG cfg;
    NTSTATUS status;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&cfg, WdfIoQueueDispatchSequential);
    cfg.EvtIoRead = VLoopEvtIoRead;
    cfg.EvtIoWrite = VLoopEvtIoWrite;

    status = WdfIoQueueCreate(Device, &cfg, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("default queue %08x", status);
        return status;
    }

    /* reads that find the ring empty park here until a write shows up */
    WDF_IO_QUEUE_CONFIG_INIT(&cfg, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(Device, &cfg, WDF_NO_OBJECT_ATTRIBUTES, &ctx->ReadQueue);
    if (!NT_SUCCESS(status)) {
        DBG_PRINT("read queue %08x", status);
    }
    return status;
}

ULONG
VLoopRingPut(
    _In_ PVLOOP_RING Ring,
    _In_reads_bytes_(Len) const UCHAR *Buf,
    _In_ ULONG Len
    )
{
    KIRQL irql;
    ULONG n = 0;

    KeAcquireSpinLock(&Ring->Lock, &irql);
    while (n < Len && Ring->Used < Ring->Size) {
        Ring->Data[Ring->Head] = Buf[n++];
        Ring->Head = (Ring->Head + 1) % Ring->Size;
        Ring->Used++;
    }
    KeReleaseSpinLock(&Ring->Lock, irql);
    return n;
}

ULONG
VLoopRingGet(
    _In_ PVLOOP_RING Ring,
    _Out_writes_bytes_(Len) UCHAR *Buf,
    _In_ ULONG Len
    )
{
    KIRQL irql;
    ULONG n = 0;

    KeAcquireSpinLock(&Ring->Lock, &irql);
    while (n < Len && Ring->Used > 0) {
        Buf[n++] = Ring->Data[Ring->Tail];
        Ring->Tail = (Ring->Tail + 1) % Ring->Size;
        Ring->Used--;
    }
    KeReleaseSpinLock(&Ring->Lock, irql);
    return n;
}

VOID
VLoopEvtIoRead(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    PVLOOP_DEVICE ctx = VLoopGetDevice(WdfIoQueueGetDevice(Queue));
    PUCHAR buf;
    ULONG got;
    NTSTATUS status;

    status = WdfRequestRetrieveOutputBuffer(Request, 1, (PVOID *)&buf, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    got = VLoopRingGet(Globals.Ring, buf, (ULONG)min(Length, MAXULONG));
    if (got == 0) {
        status = WdfRequestForwardToIoQueue(Request, ctx->ReadQueue);
        if (!NT_SUCCESS(status)) {
            WdfRequestComplete(Request, status);
        }
        return;
    }

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, got);
}

VOID
VLoopEvtIoWrite(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    PVLOOP_DEVICE ctx = VLoopGetDevice(WdfIoQueueGetDevice(Queue));
    WDFREQUEST parked;
    PUCHAR buf, out;
    size_t outLen;
    ULONG put;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(ctx);

    status = WdfRequestRetrieveInputBuffer(Request, 1, (PVOID *)&buf, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    put = VLoopRingPut(Globals.Ring, buf, (ULONG)min(Length, MAXULONG));
    InterlockedAdd64((LONG64 *)&Globals.BytesMoved, put);

    /*
     * Wake one parked reader on the *other* port(s).  Any instance will do
     * for a pair; with more instances this is first come first served.
     */
    if (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(ctx->ReadQueue, &parked))) {
        if (NT_SUCCESS(WdfRequestRetrieveOutputBuffer(parked, 1, (PVOID *)&out, &outLen))) {
            ULONG got = VLoopRingGet(Globals.Ring, out, (ULONG)outLen);
            WdfRequestCompleteWithInformation(parked, STATUS_SUCCESS, got);
        } else {
            WdfRequestComplete(parked, STATUS_INVALID_PARAMETER);
        }
    }

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, put);
}
