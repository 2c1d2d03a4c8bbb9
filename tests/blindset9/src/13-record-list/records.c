#include "records.h"

static RL_STORE g_Store;

NTSTATUS
RlStoreInit(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    InitializeListHead(&g_Store.Head);
    KeInitializeSpinLock(&g_Store.Lock);
    g_Store.Count = 0;
    ExInitializeNPagedLookasideList(&g_Store.Lookaside, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(RL_RECORD), RL_TAG, 0);
    return STATUS_SUCCESS;
}

VOID
RlStoreDestroy(
    VOID
    )
{
    KIRQL irql;
    LIST_ENTRY doomed;
    PLIST_ENTRY entry;

    InitializeListHead(&doomed);

    KeAcquireSpinLock(&g_Store.Lock, &irql);
    while (!IsListEmpty(&g_Store.Head)) {
        entry = RemoveHeadList(&g_Store.Head);
        InsertTailList(&doomed, entry);
    }
    g_Store.Count = 0;
    KeReleaseSpinLock(&g_Store.Lock, irql);

    while (!IsListEmpty(&doomed)) {
        entry = RemoveHeadList(&doomed);
        ExFreeToNPagedLookasideList(&g_Store.Lookaside, CONTAINING_RECORD(entry, RL_RECORD, Link));
    }

    ExDeleteNPagedLookasideList(&g_Store.Lookaside);
}

/* caller holds the lock */
static PRL_RECORD
RlFindLocked(
    _In_ ULONG Id
    )
{
    PLIST_ENTRY entry;
    PRL_RECORD rec;

    for (entry = g_Store.Head.Flink; entry != &g_Store.Head; entry = entry->Flink) {
        rec = CONTAINING_RECORD(entry, RL_RECORD, Link);
        if (rec->Data.Id == Id) {
            return rec;
        }
    }
    return NULL;
}

NTSTATUS
RlStoreAdd(
    _In_ const RL_RECORD_DATA *Data
    )
{
    PRL_RECORD rec;
    KIRQL irql;
    NTSTATUS status = STATUS_SUCCESS;

    rec = (PRL_RECORD)ExAllocateFromNPagedLookasideList(&g_Store.Lookaside);
    if (rec == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(&rec->Data, Data, sizeof(*Data));

    KeAcquireSpinLock(&g_Store.Lock, &irql);
    if (g_Store.Count >= RL_MAX_RECORDS) {
        status = STATUS_QUOTA_EXCEEDED;
    } else if (RlFindLocked(Data->Id) != NULL) {
        status = STATUS_OBJECT_NAME_COLLISION;
    } else {
        InsertTailList(&g_Store.Head, &rec->Link);
        g_Store.Count++;
        rec = NULL;
    }
    KeReleaseSpinLock(&g_Store.Lock, irql);

    if (rec != NULL) {
        ExFreeToNPagedLookasideList(&g_Store.Lookaside, rec);
    }
    return status;
}

NTSTATUS
RlStoreRemove(
    _In_ ULONG Id
    )
{
    PRL_RECORD rec;
    KIRQL irql;

    KeAcquireSpinLock(&g_Store.Lock, &irql);
    rec = RlFindLocked(Id);
    if (rec != NULL) {
        RemoveEntryList(&rec->Link);
        g_Store.Count--;
    }
    KeReleaseSpinLock(&g_Store.Lock, irql);

    if (rec == NULL) {
        return STATUS_NOT_FOUND;
    }
    ExFreeToNPagedLookasideList(&g_Store.Lookaside, rec);
    return STATUS_SUCCESS;
}

NTSTATUS
RlStoreGet(
    _In_ ULONG Id,
    _Out_ PRL_RECORD_DATA Out
    )
{
    PRL_RECORD rec;
    KIRQL irql;
    NTSTATUS status = STATUS_NOT_FOUND;

    KeAcquireSpinLock(&g_Store.Lock, &irql);
    rec = RlFindLocked(Id);
    if (rec != NULL) {
        RtlCopyMemory(Out, &rec->Data, sizeof(*Out));
        status = STATUS_SUCCESS;
    }
    KeReleaseSpinLock(&g_Store.Lock, irql);
    return status;
}

ULONG
RlStoreCount(
    VOID
    )
{
    return g_Store.Count;
}
