/*
 * ring.c - fixed size event ring, oldest entries are overwritten when full
 */
#include "ring.h"

NTSTATUS
RingInit(_Out_ PPM_RING Ring, _In_ ULONG Capacity)
{
    RtlZeroMemory(Ring, sizeof(*Ring));

    if (Capacity == 0) {
        return STATUS_INVALID_PARAMETER;
    }

    Ring->Entries = (PPM_EVENT)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                               (SIZE_T)Capacity * sizeof(PM_EVENT),
                                               PM_TAG);
    if (Ring->Entries == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KeInitializeSpinLock(&Ring->Lock);
    Ring->Capacity = Capacity;
    return STATUS_SUCCESS;
}

VOID
RingFree(_Inout_ PPM_RING Ring)
{
    if (Ring->Entries != NULL) {
        ExFreePoolWithTag(Ring->Entries, PM_TAG);
        Ring->Entries = NULL;
    }
    Ring->Capacity = 0;
    Ring->Count = 0;
}

VOID
RingPush(_Inout_ PPM_RING Ring, _In_ const PM_EVENT *Event)
{
    KIRQL irql;

    KeAcquireSpinLock(&Ring->Lock, &irql);

    Ring->Entries[Ring->Head] = *Event;
    Ring->Head = (Ring->Head + 1) % Ring->Capacity;

    if (Ring->Count == Ring->Capacity) {
        /* full: drop the oldest */
        Ring->Tail = (Ring->Tail + 1) % Ring->Capacity;
        Ring->Dropped++;
    } else {
        Ring->Count++;
    }

    KeReleaseSpinLock(&Ring->Lock, irql);
}

ULONG
RingPop(_Inout_ PPM_RING Ring, _Out_writes_(MaxCount) PPM_EVENT Out, _In_ ULONG MaxCount)
{
    KIRQL irql;
    ULONG n = 0;

    KeAcquireSpinLock(&Ring->Lock, &irql);

    while (n < MaxCount && Ring->Count > 0) {
        Out[n++] = Ring->Entries[Ring->Tail];
        Ring->Tail = (Ring->Tail + 1) % Ring->Capacity;
        Ring->Count--;
    }

    KeReleaseSpinLock(&Ring->Lock, irql);
    return n;
}
