/*
 * events.c - the event queue of ThreadAudit.
 */
#include "taudit.h"

VOID
TaEventsInitialize(VOID)
{
    KeInitializeSpinLock(&g_Ta.QueueLock);
    InitializeListHead(&g_Ta.Queue);
    ExInitializeNPagedLookasideList(&g_Ta.EventLookaside, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(TA_EVENT), TA_TAG, 0);
    g_Ta.LookasideReady = TRUE;
}

VOID
TaEventsUninitialize(VOID)
{
    PLIST_ENTRY entry;
    KIRQL irql;

    if (!g_Ta.LookasideReady) {
        return;
    }

    KeAcquireSpinLock(&g_Ta.QueueLock, &irql);
    while (!IsListEmpty(&g_Ta.Queue)) {
        entry = RemoveHeadList(&g_Ta.Queue);
        ExFreeToNPagedLookasideList(&g_Ta.EventLookaside, CONTAINING_RECORD(entry, TA_EVENT, Link));
    }
    g_Ta.QueuedCount = 0;
    KeReleaseSpinLock(&g_Ta.QueueLock, irql);

    ExDeleteNPagedLookasideList(&g_Ta.EventLookaside);
    g_Ta.LookasideReady = FALSE;
}

PTA_EVENT
TaEventAllocate(_In_ TA_EVENT_TYPE Type)
{
    PTA_EVENT ev = (PTA_EVENT)ExAllocateFromNPagedLookasideList(&g_Ta.EventLookaside);

    if (ev != NULL) {
        RtlZeroMemory(ev, sizeof(*ev));
        ev->Record.Type = Type;
        KeQuerySystemTimePrecise(&ev->Record.Time);
    }
    return ev;
}

VOID
TaEventQueue(_In_ PTA_EVENT Event)
{
    KIRQL irql;
    PTA_EVENT drop = NULL;

    KeAcquireSpinLock(&g_Ta.QueueLock, &irql);
    if (g_Ta.QueuedCount >= g_Ta.Config.MaxQueued) {
        /* Oldest event goes. */
        drop = CONTAINING_RECORD(RemoveHeadList(&g_Ta.Queue), TA_EVENT, Link);
        g_Ta.QueuedCount--;
        g_Ta.Dropped++;
    }
    InsertTailList(&g_Ta.Queue, &Event->Link);
    g_Ta.QueuedCount++;
    KeReleaseSpinLock(&g_Ta.QueueLock, irql);

    if (drop != NULL) {
        ExFreeToNPagedLookasideList(&g_Ta.EventLookaside, drop);
    }
}

ULONG
TaEventsDrain(_Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length)
{
    PTA_EVENT_RECORD out = (PTA_EVENT_RECORD)Buffer;
    ULONG max = Length / sizeof(TA_EVENT_RECORD);
    ULONG n = 0;
    PTA_EVENT ev;
    KIRQL irql;

    while (n < max) {
        KeAcquireSpinLock(&g_Ta.QueueLock, &irql);
        if (IsListEmpty(&g_Ta.Queue)) {
            KeReleaseSpinLock(&g_Ta.QueueLock, irql);
            break;
        }
        ev = CONTAINING_RECORD(RemoveHeadList(&g_Ta.Queue), TA_EVENT, Link);
        g_Ta.QueuedCount--;
        KeReleaseSpinLock(&g_Ta.QueueLock, irql);

        out[n++] = ev->Record;
        ExFreeToNPagedLookasideList(&g_Ta.EventLookaside, ev);
    }
    return n * sizeof(TA_EVENT_RECORD);
}
