#include "tick.h"

/*
 * very small ring buffer, overwrites nothing - when it is full new
 * samples are dropped and counted.
 */

NTSTATUS RingInit(PTICK_RING Ring, ULONG Capacity)
{
    RtlZeroMemory(Ring, sizeof(*Ring));
    KeInitializeSpinLock(&Ring->Lock);

    Ring->Buffer = (PTICK_SAMPLE)ExAllocatePoolWithTag(NonPagedPoolNx,
                                                       Capacity * sizeof(TICK_SAMPLE),
                                                       TICK_TAG);
    if (Ring->Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(Ring->Buffer, Capacity * sizeof(TICK_SAMPLE));
    Ring->Capacity = Capacity;
    return STATUS_SUCCESS;
}

VOID RingFree(PTICK_RING Ring)
{
    if (Ring->Buffer) {
        ExFreePoolWithTag(Ring->Buffer, TICK_TAG);
        Ring->Buffer = NULL;
    }
    Ring->Capacity = 0;
    Ring->Count = 0;
}

/* called from the DPC, IRQL == DISPATCH_LEVEL */
VOID RingPushAtDpc(PTICK_RING Ring, const TICK_SAMPLE *Sample)
{
    KeAcquireSpinLockAtDpcLevel(&Ring->Lock);

    if (Ring->Count == Ring->Capacity) {
        Ring->Dropped++;
    } else {
        Ring->Buffer[Ring->Head] = *Sample;
        Ring->Head = (Ring->Head + 1) % Ring->Capacity;
        Ring->Count++;
    }

    KeReleaseSpinLockFromDpcLevel(&Ring->Lock);
}

ULONG RingDrain(PTICK_RING Ring, PTICK_SAMPLE Out, ULONG Max)
{
    KIRQL irql;
    ULONG n = 0;
    ULONG tail;

    KeAcquireSpinLock(&Ring->Lock, &irql);

    tail = (Ring->Head + Ring->Capacity - Ring->Count) % Ring->Capacity;
    while (n < Max && Ring->Count > 0) {
        Out[n++] = Ring->Buffer[tail];
        tail = (tail + 1) % Ring->Capacity;
        Ring->Count--;
    }

    KeReleaseSpinLock(&Ring->Lock, irql);
    return n;
}

VOID RingStats(PTICK_RING Ring, PTICK_STATS Stats)
{
    KIRQL irql;

    KeAcquireSpinLock(&Ring->Lock, &irql);
    Stats->Dropped  = Ring->Dropped;
    Stats->Buffered = Ring->Count;
    KeReleaseSpinLock(&Ring->Lock, irql);
}
