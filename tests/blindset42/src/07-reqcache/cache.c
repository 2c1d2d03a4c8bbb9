/*
 * cache.c - the record list, ERESOURCE + lookaside
 */
#include "reqcache.h"

static PRC_RECORD
RcAllocRecord(VOID)
{
    if (Rc.UsePaged) {
        return (PRC_RECORD)ExAllocateFromPagedLookasideList(&Rc.Lookaside.Paged);
    }
    return (PRC_RECORD)ExAllocateFromNPagedLookasideList(&Rc.Lookaside.NonPaged);
}

static VOID
RcFreeRecord(PRC_RECORD Record)
{
    if (Rc.UsePaged) {
        ExFreeToPagedLookasideList(&Rc.Lookaside.Paged, Record);
    } else {
        ExFreeToNPagedLookasideList(&Rc.Lookaside.NonPaged, Record);
    }
}

NTSTATUS
RcCacheInit(BOOLEAN UsePaged)
{
    NTSTATUS ntStatus;

    InitializeListHead(&Rc.Records);
    Rc.Count = 0;

    ntStatus = ExInitializeResourceLite(&Rc.Lock);
    if (!NT_SUCCESS(ntStatus)) {
        return ntStatus;
    }
    Rc.InitFlags |= RC_INIT_RESOURCE;

    Rc.UsePaged = UsePaged;
    if (UsePaged) {
        ExInitializePagedLookasideList(&Rc.Lookaside.Paged, NULL, NULL, 0,
                                       sizeof(RC_RECORD), RC_TAG, 0);
    } else {
        ExInitializeNPagedLookasideList(&Rc.Lookaside.NonPaged, NULL, NULL,
                                        POOL_NX_ALLOCATION, sizeof(RC_RECORD), RC_TAG, 0);
    }
    Rc.InitFlags |= RC_INIT_LOOKASIDE;

    KdPrint(("reqcache: cache ready (%s lookaside, %Iu bytes/record)\n",
             UsePaged ? "paged" : "nonpaged", sizeof(RC_RECORD)));
    return STATUS_SUCCESS;
}

NTSTATUS
RcCacheAdd(ULONG ProcessId, PVOID Data, ULONG Length)
{
    PRC_RECORD rec;
    PRC_RECORD old = NULL;

    if (Length > RC_PAYLOAD) {
        Length = RC_PAYLOAD;
    }

    rec = RcAllocRecord();
    if (rec == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(rec, sizeof(*rec));
    rec->ProcessId = ProcessId;
    rec->Length = Length;
    KeQuerySystemTime(&rec->Time);
    RtlCopyMemory(rec->Data, Data, Length);

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&Rc.Lock, TRUE);

    InsertTailList(&Rc.Records, &rec->Link);
    if (++Rc.Count > RC_MAX_RECORDS) {
        old = CONTAINING_RECORD(RemoveHeadList(&Rc.Records), RC_RECORD, Link);
        Rc.Count--;
    }

    ExReleaseResourceLite(&Rc.Lock);
    KeLeaveCriticalRegion();

    if (old != NULL) {
        RcFreeRecord(old);
    }
    return STATUS_SUCCESS;
}

ULONG
RcCacheCount(VOID)
{
    ULONG n;

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&Rc.Lock, TRUE);
    n = Rc.Count;
    ExReleaseResourceLite(&Rc.Lock);
    KeLeaveCriticalRegion();
    return n;
}

VOID
RcCacheFlush(VOID)
{
    LIST_ENTRY local;
    PLIST_ENTRY e;

    InitializeListHead(&local);

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&Rc.Lock, TRUE);
    while (!IsListEmpty(&Rc.Records)) {
        e = RemoveHeadList(&Rc.Records);
        InsertTailList(&local, e);
    }
    Rc.Count = 0;
    ExReleaseResourceLite(&Rc.Lock);
    KeLeaveCriticalRegion();

    while (!IsListEmpty(&local)) {
        e = RemoveHeadList(&local);
        RcFreeRecord(CONTAINING_RECORD(e, RC_RECORD, Link));
    }
}
