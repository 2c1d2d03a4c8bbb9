/*
 * evtqueue.c - bounded FIFO of PW_EVENTs, nodes come from a lookaside list
 */
#include "procwatch.h"

NTSTATUS
PwQueueInit(VOID)
{
    InitializeListHead(&g_Pw.Queue);
    KeInitializeSpinLock(&g_Pw.QueueLock);
    g_Pw.Depth = 0;
    g_Pw.Dropped = 0;

    ExInitializeLookasideListEx(&g_Pw.Lookaside,
                                NULL,
                                NULL,
                                NonPagedPoolNx,
                                0,
                                sizeof(PW_NODE),
                                PW_TAG,
                                0);
    g_Pw.LookasideReady = TRUE;

    return STATUS_SUCCESS;
}

VOID
PwQueueDestroy(VOID)
{
    KIRQL irql;
    LIST_ENTRY drained;

    if (!g_Pw.LookasideReady) {
        return;
    }

    InitializeListHead(&drained);

    KeAcquireSpinLock(&g_Pw.QueueLock, &irql);
    while (!IsListEmpty(&g_Pw.Queue)) {
        InsertTailList(&drained, RemoveHeadList(&g_Pw.Queue));
    }
    g_Pw.Depth = 0;
    KeReleaseSpinLock(&g_Pw.QueueLock, irql);

    while (!IsListEmpty(&drained)) {
        PPW_NODE node = CONTAINING_RECORD(RemoveHeadList(&drained), PW_NODE, Link);
        ExFreeToLookasideListEx(&g_Pw.Lookaside, node);
    }

    ExDeleteLookasideListEx(&g_Pw.Lookaside);
    g_Pw.LookasideReady = FALSE;
}

VOID
PwQueuePush(_In_ const PW_EVENT *Event)
{
    KIRQL irql;
    PPW_NODE node;
    PPW_NODE old = NULL;

    node = (PPW_NODE)ExAllocateFromLookasideListEx(&g_Pw.Lookaside);
    if (node == NULL) {
        InterlockedIncrement((volatile LONG *)&g_Pw.Dropped);
        return;
    }
    RtlCopyMemory(&node->Event, Event, sizeof(PW_EVENT));

    KeAcquireSpinLock(&g_Pw.QueueLock, &irql);
    if (g_Pw.Depth >= PW_MAX_QUEUE) {
        old = CONTAINING_RECORD(RemoveHeadList(&g_Pw.Queue), PW_NODE, Link);
        g_Pw.Depth--;
        g_Pw.Dropped++;
    }
    InsertTailList(&g_Pw.Queue, &node->Link);
    g_Pw.Depth++;
    KeReleaseSpinLock(&g_Pw.QueueLock, irql);

    if (old != NULL) {
        ExFreeToLookasideListEx(&g_Pw.Lookaside, old);
    }
}

ULONG
PwQueuePop(_Out_writes_(Max) PPW_EVENT Out, _In_ ULONG Max)
{
    KIRQL irql;
    ULONG count = 0;
    LIST_ENTRY taken;

    InitializeListHead(&taken);

    KeAcquireSpinLock(&g_Pw.QueueLock, &irql);
    while (count < Max && !IsListEmpty(&g_Pw.Queue)) {
        InsertTailList(&taken, RemoveHeadList(&g_Pw.Queue));
        g_Pw.Depth--;
        count++;
    }
    KeReleaseSpinLock(&g_Pw.QueueLock, irql);

    count = 0;
    while (!IsListEmpty(&taken)) {
        PPW_NODE node = CONTAINING_RECORD(RemoveHeadList(&taken), PW_NODE, Link);
        RtlCopyMemory(&Out[count++], &node->Event, sizeof(PW_EVENT));
        ExFreeToLookasideListEx(&g_Pw.Lookaside, node);
    }
    return count;
}
