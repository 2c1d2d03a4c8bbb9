#include "procwatch.h"

//
// Event queue: a plain doubly linked list behind a spin lock, entries come
// from a non-paged lookaside list. When the queue is full the oldest entry
// is thrown away so a stuck client can't make us eat the pool.
//

VOID PwQueueInit(VOID)
{
    KeInitializeSpinLock(&g_Pw.QueueLock);
    InitializeListHead(&g_Pw.QueueHead);
    g_Pw.QueueCount = 0;

    ExInitializeNPagedLookasideList(&g_Pw.EventPool,
                                    NULL,
                                    NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(PW_EVENT_ENTRY),
                                    PW_TAG,
                                    0);
}

PPW_EVENT_ENTRY PwQueueAllocEntry(VOID)
{
    PPW_EVENT_ENTRY entry;

    entry = (PPW_EVENT_ENTRY)ExAllocateFromNPagedLookasideList(&g_Pw.EventPool);
    if (entry != NULL) {
        RtlZeroMemory(entry, sizeof(*entry));
    }
    return entry;
}

VOID PwQueuePush(_In_ PPW_EVENT_ENTRY Entry)
{
    KIRQL       oldIrql;
    PLIST_ENTRY victim = NULL;

    KeAcquireSpinLock(&g_Pw.QueueLock, &oldIrql);

    if (g_Pw.QueueCount >= PW_MAX_EVENTS) {
        victim = RemoveHeadList(&g_Pw.QueueHead);
        g_Pw.QueueCount--;
        InterlockedIncrement(&g_Pw.Dropped);
    }

    InsertTailList(&g_Pw.QueueHead, &Entry->Link);
    g_Pw.QueueCount++;

    KeReleaseSpinLock(&g_Pw.QueueLock, oldIrql);

    InterlockedIncrement(&g_Pw.Total);

    if (victim != NULL) {
        ExFreeToNPagedLookasideList(&g_Pw.EventPool,
                                    CONTAINING_RECORD(victim, PW_EVENT_ENTRY, Link));
    }
}

ULONG PwQueueDrain(_Out_writes_opt_(MaxRecords) PPW_EVENT_RECORD Out, _In_ ULONG MaxRecords)
{
    KIRQL           oldIrql;
    LIST_ENTRY      local;
    ULONG           count = 0;
    PPW_EVENT_ENTRY entry;

    InitializeListHead(&local);

    KeAcquireSpinLock(&g_Pw.QueueLock, &oldIrql);
    while (count < MaxRecords && !IsListEmpty(&g_Pw.QueueHead)) {
        InsertTailList(&local, RemoveHeadList(&g_Pw.QueueHead));
        g_Pw.QueueCount--;
        count++;
    }
    KeReleaseSpinLock(&g_Pw.QueueLock, oldIrql);

    count = 0;
    while (!IsListEmpty(&local)) {
        entry = CONTAINING_RECORD(RemoveHeadList(&local), PW_EVENT_ENTRY, Link);
        if (Out != NULL) {
            RtlCopyMemory(&Out[count], &entry->Record, sizeof(PW_EVENT_RECORD));
        }
        count++;
        ExFreeToNPagedLookasideList(&g_Pw.EventPool, entry);
    }

    return count;
}

VOID PwQueueGetStats(_Out_ PPW_STATS Stats)
{
    KIRQL oldIrql;

    KeAcquireSpinLock(&g_Pw.QueueLock, &oldIrql);
    Stats->Queued = g_Pw.QueueCount;
    KeReleaseSpinLock(&g_Pw.QueueLock, oldIrql);

    Stats->Dropped = (ULONG)g_Pw.Dropped;
    Stats->Total   = (ULONG)g_Pw.Total;
}

VOID PwQueueDestroy(VOID)
{
    // throw away whatever the client never picked up
    while (PwQueueDrain(NULL, MAXULONG) != 0) {
        NOTHING;
    }

    ExDeleteNPagedLookasideList(&g_Pw.EventPool);
}
