/* state.c - record store */
#include "procaudit.h"

VOID
PaStateInit(VOID)
{
    KeInitializeSpinLock(&g_Pa.RecordLock);
    InitializeListHead(&g_Pa.PendingList);
    InitializeListHead(&g_Pa.ReadyList);
    g_Pa.RecordCount = 0;

    ExInitializeNPagedLookasideList(&g_Pa.RecordLookaside, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(PA_RECORD_NODE), PA_TAG, 0);
}

static VOID
PaFreeList(_Inout_ PLIST_ENTRY Head)
{
    while (!IsListEmpty(Head)) {
        PLIST_ENTRY entry = RemoveHeadList(Head);
        ExFreeToNPagedLookasideList(&g_Pa.RecordLookaside,
                                    CONTAINING_RECORD(entry, PA_RECORD_NODE, Link));
    }
}

/* Only called once nothing can add records any more. */
VOID
PaStateCleanup(VOID)
{
    PaFreeList(&g_Pa.PendingList);
    PaFreeList(&g_Pa.ReadyList);
    g_Pa.RecordCount = 0;

    ExDeleteNPagedLookasideList(&g_Pa.RecordLookaside);
}

VOID
PaStateAdd(
    _In_ PA_KIND Kind,
    _In_ HANDLE Pid,
    _In_opt_ HANDLE ParentPid,
    _In_opt_ PCUNICODE_STRING Image
    )
{
    PPA_RECORD_NODE node;
    KIRQL irql;

    node = (PPA_RECORD_NODE)ExAllocateFromNPagedLookasideList(&g_Pa.RecordLookaside);
    if (node == NULL) {
        InterlockedIncrement(&g_Pa.Dropped);
        return;
    }

    RtlZeroMemory(&node->Record, sizeof(node->Record));
    node->Record.Kind = (ULONG)Kind;
    node->Record.ProcessId = HandleToULong(Pid);
    node->Record.ParentId = HandleToULong(ParentPid);
    KeQuerySystemTimePrecise(&node->Record.Time);

    if (Image != NULL && Image->Buffer != NULL && Image->Length != 0) {
        /* keep the tail of the path: that's where the file name is */
        USHORT chars = Image->Length / sizeof(WCHAR);
        USHORT take = min(chars, PA_IMAGE_CHARS - 1);
        RtlCopyMemory(node->Record.Image, Image->Buffer + (chars - take), take * sizeof(WCHAR));
    }

    KeAcquireSpinLock(&g_Pa.RecordLock, &irql);
    if (g_Pa.RecordCount >= PA_MAX_RECORDS) {
        KeReleaseSpinLock(&g_Pa.RecordLock, irql);
        ExFreeToNPagedLookasideList(&g_Pa.RecordLookaside, node);
        InterlockedIncrement(&g_Pa.Dropped);
        return;
    }
    InsertTailList(&g_Pa.PendingList, &node->Link);
    g_Pa.RecordCount++;
    KeReleaseSpinLock(&g_Pa.RecordLock, irql);
}

/* Move everything pending to the ready list (work item, PASSIVE_LEVEL). */
VOID
PaStatePublish(VOID)
{
    KIRQL irql;

    KeAcquireSpinLock(&g_Pa.RecordLock, &irql);
    while (!IsListEmpty(&g_Pa.PendingList)) {
        InsertTailList(&g_Pa.ReadyList, RemoveHeadList(&g_Pa.PendingList));
    }
    KeReleaseSpinLock(&g_Pa.RecordLock, irql);
}

ULONG
PaStateRead(_Out_writes_(Max) PPA_RECORD Out, _In_ ULONG Max)
{
    ULONG n = 0;
    KIRQL irql;

    /* Out is the nonpaged METHOD_BUFFERED system buffer */
    KeAcquireSpinLock(&g_Pa.RecordLock, &irql);
    while (n < Max && !IsListEmpty(&g_Pa.ReadyList)) {
        PPA_RECORD_NODE node = CONTAINING_RECORD(RemoveHeadList(&g_Pa.ReadyList), PA_RECORD_NODE, Link);
        Out[n++] = node->Record;
        g_Pa.RecordCount--;
        ExFreeToNPagedLookasideList(&g_Pa.RecordLookaside, node);
    }
    KeReleaseSpinLock(&g_Pa.RecordLock, irql);

    return n;
}
