/*
 * table.c - hash table of live processes
 */
#include "notifyhub.h"

static __forceinline ULONG
NhHash(HANDLE Pid)
{
    return (ULONG)(((ULONG_PTR)Pid >> 2) & (NH_BUCKETS - 1));
}

/* caller holds g_Nh.Lock */
static PNH_PROC
NhFindLocked(HANDLE Pid)
{
    PLIST_ENTRY head = &g_Nh.Buckets[NhHash(Pid)];
    PLIST_ENTRY le;

    for (le = head->Flink; le != head; le = le->Flink) {
        PNH_PROC p = CONTAINING_RECORD(le, NH_PROC, Link);
        if (p->ProcessId == Pid) {
            return p;
        }
    }
    return NULL;
}

VOID
NhTableInit(VOID)
{
    ULONG i;

    KeInitializeSpinLock(&g_Nh.Lock);
    for (i = 0; i < NH_BUCKETS; i++) {
        InitializeListHead(&g_Nh.Buckets[i]);
    }
    RtlZeroMemory(&g_Nh.Stats, sizeof(g_Nh.Stats));

    ExInitializeNPagedLookasideList(&g_Nh.Lookaside, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(NH_PROC), NH_TAG, 0);
    g_Nh.LookasideReady = TRUE;
}

VOID
NhTableDestroy(VOID)
{
    KIRQL       irql;
    LIST_ENTRY  doomed;
    PLIST_ENTRY le;
    ULONG       i;

    if (!g_Nh.LookasideReady) {
        return;
    }

    InitializeListHead(&doomed);

    KeAcquireSpinLock(&g_Nh.Lock, &irql);
    for (i = 0; i < NH_BUCKETS; i++) {
        while (!IsListEmpty(&g_Nh.Buckets[i])) {
            InsertTailList(&doomed, RemoveHeadList(&g_Nh.Buckets[i]));
        }
    }
    g_Nh.Stats.ProcessesLive = 0;
    KeReleaseSpinLock(&g_Nh.Lock, irql);

    while (!IsListEmpty(&doomed)) {
        le = RemoveHeadList(&doomed);
        ExFreeToNPagedLookasideList(&g_Nh.Lookaside, CONTAINING_RECORD(le, NH_PROC, Link));
    }

    ExDeleteNPagedLookasideList(&g_Nh.Lookaside);
    g_Nh.LookasideReady = FALSE;
}

VOID
NhOnProcess(
    _In_ HANDLE  ProcessId,
    _In_ BOOLEAN Create
    )
{
    KIRQL    irql;
    PNH_PROC p;

    if (Create) {
        p = (PNH_PROC)ExAllocateFromNPagedLookasideList(&g_Nh.Lookaside);
        if (p == NULL) {
            InterlockedIncrement((volatile LONG*)&g_Nh.Stats.AllocFailures);
            return;
        }
        RtlZeroMemory(p, sizeof(*p));
        p->ProcessId = ProcessId;

        KeAcquireSpinLock(&g_Nh.Lock, &irql);
        InsertTailList(&g_Nh.Buckets[NhHash(ProcessId)], &p->Link);
        g_Nh.Stats.ProcessesLive++;
        g_Nh.Stats.ProcessesSeen++;
        KeReleaseSpinLock(&g_Nh.Lock, irql);
        return;
    }

    KeAcquireSpinLock(&g_Nh.Lock, &irql);
    p = NhFindLocked(ProcessId);
    if (p != NULL) {
        RemoveEntryList(&p->Link);
        g_Nh.Stats.ProcessesLive--;
    }
    KeReleaseSpinLock(&g_Nh.Lock, irql);

    if (p != NULL) {
        ExFreeToNPagedLookasideList(&g_Nh.Lookaside, p);
    }
}

VOID
NhOnThread(
    _In_ HANDLE  ProcessId,
    _In_ BOOLEAN Create
    )
{
    KIRQL    irql;
    PNH_PROC p;

    KeAcquireSpinLock(&g_Nh.Lock, &irql);
    p = NhFindLocked(ProcessId);
    if (p != NULL) {
        if (Create) {
            p->Threads++;
            p->ThreadsEver++;
        } else if (p->Threads > 0) {
            p->Threads--;
        }
    }
    if (Create) {
        g_Nh.Stats.ThreadsSeen++;
    }
    KeReleaseSpinLock(&g_Nh.Lock, irql);
}

VOID
NhSnapshot(
    _Out_ PNH_SNAPSHOT Out
    )
{
    KIRQL irql;

    KeAcquireSpinLock(&g_Nh.Lock, &irql);
    *Out = g_Nh.Stats;
    KeReleaseSpinLock(&g_Nh.Lock, irql);
}
