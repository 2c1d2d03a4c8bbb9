/*
 * queue.c - bounded event queue shared by the notify callbacks and the
 *           IOCTL path.
 */
#include "procwatch.h"

NTSTATUS
PwInitEventQueue(VOID)
{
    KeInitializeSpinLock(&g_Pw.QueueLock);
    InitializeListHead(&g_Pw.QueueHead);
    RtlZeroMemory(&g_Pw.Stats, sizeof(g_Pw.Stats));

    ExInitializeNPagedLookasideList(&g_Pw.NodeLookaside,
                                    NULL,
                                    NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(PW_EVENT_NODE),
                                    PW_TAG,
                                    0);
    return STATUS_SUCCESS;
}

VOID
PwDestroyEventQueue(VOID)
{
    KIRQL irql;
    PLIST_ENTRY entry;

    KeAcquireSpinLock(&g_Pw.QueueLock, &irql);
    while (!IsListEmpty(&g_Pw.QueueHead)) {
        entry = RemoveHeadList(&g_Pw.QueueHead);
        ExFreeToNPagedLookasideList(&g_Pw.NodeLookaside,
                                    CONTAINING_RECORD(entry, PW_EVENT_NODE, Link));
    }
    g_Pw.Stats.Queued = 0;
    KeReleaseSpinLock(&g_Pw.QueueLock, irql);

    ExDeleteNPagedLookasideList(&g_Pw.NodeLookaside);
}

VOID
PwQueueEvent(
    _In_ PW_EVENT_TYPE Type,
    _In_ HANDLE Pid,
    _In_ HANDLE Other
    )
{
    PPW_EVENT_NODE node;
    KIRQL irql;

    node = (PPW_EVENT_NODE)ExAllocateFromNPagedLookasideList(&g_Pw.NodeLookaside);
    if (node == NULL) {
        InterlockedIncrement((volatile LONG *)&g_Pw.Stats.Dropped);
        return;
    }

    node->Event.Type = (ULONG)Type;
    node->Event.ProcessId = HandleToULong(Pid);
    node->Event.ParentOrThreadId = HandleToULong(Other);
    KeQuerySystemTimePrecise(&node->Event.Time);

    KeAcquireSpinLock(&g_Pw.QueueLock, &irql);
    if (g_Pw.Stats.Queued >= PW_MAX_QUEUED) {
        /* drop the oldest entry to make room */
        PLIST_ENTRY old = RemoveHeadList(&g_Pw.QueueHead);
        ExFreeToNPagedLookasideList(&g_Pw.NodeLookaside,
                                    CONTAINING_RECORD(old, PW_EVENT_NODE, Link));
        g_Pw.Stats.Queued--;
        g_Pw.Stats.Dropped++;
    }
    InsertTailList(&g_Pw.QueueHead, &node->Link);
    g_Pw.Stats.Queued++;
    if (Type == PwProcessCreate || Type == PwProcessExit) {
        g_Pw.Stats.ProcessEvents++;
    } else {
        g_Pw.Stats.ThreadEvents++;
    }
    KeReleaseSpinLock(&g_Pw.QueueLock, irql);
}

ULONG
PwDequeueEvents(
    _Out_writes_(MaxCount) PPW_EVENT Out,
    _In_ ULONG MaxCount
    )
{
    ULONG count = 0;
    KIRQL irql;

    KeAcquireSpinLock(&g_Pw.QueueLock, &irql);
    while (count < MaxCount && !IsListEmpty(&g_Pw.QueueHead)) {
        PLIST_ENTRY entry = RemoveHeadList(&g_Pw.QueueHead);
        PPW_EVENT_NODE node = CONTAINING_RECORD(entry, PW_EVENT_NODE, Link);

        Out[count++] = node->Event;
        g_Pw.Stats.Queued--;
        ExFreeToNPagedLookasideList(&g_Pw.NodeLookaside, node);
    }
    KeReleaseSpinLock(&g_Pw.QueueLock, irql);

    return count;
}
