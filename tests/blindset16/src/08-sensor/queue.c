//
// queue.c -- bounded event queue between the callbacks and the agent.
//
// Copyright (c) Sentinel Labs Endpoint Team. Internal use only.
//

#include "sensor.h"

NTSTATUS
SnQueueInit(
    _Out_ PSN_QUEUE Queue,
    _In_ ULONG Depth
    )
{
    RtlZeroMemory(Queue, sizeof(*Queue));

    KeInitializeSpinLock(&Queue->Lock);
    InitializeListHead(&Queue->Head);
    Queue->Depth = Depth ? Depth : SN_DEFAULT_QUEUE_DEPTH;

    ExInitializeNPagedLookasideList(&Queue->Lookaside,
                                    NULL,
                                    NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(SN_EVENT),
                                    SN_EVENT_TAG,
                                    0);
    Queue->LookasideReady = TRUE;

    return STATUS_SUCCESS;
}

VOID
SnQueueFini(
    _Inout_ PSN_QUEUE Queue
    )
{
    KIRQL irql;
    LIST_ENTRY drain;
    PLIST_ENTRY entry;

    if (!Queue->LookasideReady) {
        return;
    }

    InitializeListHead(&drain);

    KeAcquireSpinLock(&Queue->Lock, &irql);
    while (!IsListEmpty(&Queue->Head)) {
        InsertTailList(&drain, RemoveHeadList(&Queue->Head));
    }
    Queue->Count = 0;
    KeReleaseSpinLock(&Queue->Lock, irql);

    while (!IsListEmpty(&drain)) {
        entry = RemoveHeadList(&drain);
        ExFreeToNPagedLookasideList(&Queue->Lookaside, CONTAINING_RECORD(entry, SN_EVENT, Link));
    }

    ExDeleteNPagedLookasideList(&Queue->Lookaside);
    Queue->LookasideReady = FALSE;
}

PSN_EVENT
SnQueueAllocate(
    _In_ PSN_QUEUE Queue
    )
{
    PSN_EVENT ev;

    if ((ULONG)Queue->Count >= Queue->Depth) {
        InterlockedIncrement(&Queue->Dropped);
        return NULL;
    }

    ev = ExAllocateFromNPagedLookasideList(&Queue->Lookaside);
    if (ev == NULL) {
        InterlockedIncrement(&Queue->Dropped);
        return NULL;
    }

    RtlZeroMemory(ev, sizeof(*ev));
    return ev;
}

VOID
SnQueuePush(
    _In_ PSN_QUEUE Queue,
    _In_ PSN_EVENT Event
    )
{
    KIRQL irql;

    KeAcquireSpinLock(&Queue->Lock, &irql);
    if (Queue->Count >= Queue->Depth) {
        KeReleaseSpinLock(&Queue->Lock, irql);
        InterlockedIncrement(&Queue->Dropped);
        ExFreeToNPagedLookasideList(&Queue->Lookaside, Event);
        return;
    }
    InsertTailList(&Queue->Head, &Event->Link);
    Queue->Count++;
    KeReleaseSpinLock(&Queue->Lock, irql);
}

ULONG
SnQueueDrain(
    _In_ PSN_QUEUE Queue,
    _Out_writes_(MaxRecords) PSN_EVENT_RECORD Records,
    _In_ ULONG MaxRecords
    )
{
    KIRQL irql;
    LIST_ENTRY taken;
    PLIST_ENTRY entry;
    PSN_EVENT ev;
    ULONG n = 0;

    InitializeListHead(&taken);

    KeAcquireSpinLock(&Queue->Lock, &irql);
    while (n < MaxRecords && !IsListEmpty(&Queue->Head)) {
        InsertTailList(&taken, RemoveHeadList(&Queue->Head));
        Queue->Count--;
        n++;
    }
    KeReleaseSpinLock(&Queue->Lock, irql);

    n = 0;
    while (!IsListEmpty(&taken)) {
        entry = RemoveHeadList(&taken);
        ev = CONTAINING_RECORD(entry, SN_EVENT, Link);
        RtlCopyMemory(&Records[n++], &ev->Record, sizeof(SN_EVENT_RECORD));
        ExFreeToNPagedLookasideList(&Queue->Lookaside, ev);
    }

    return n;
}
