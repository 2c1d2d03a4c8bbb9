/*
 * store.c - state setup/teardown and the list itself
 */
#include "kvstore.h"

BOOLEAN
KvInitStorage(PKV_STATE State)
{
    NTSTATUS status;

    status = ExInitializeResourceLite(&State->Lock);
    if (!NT_SUCCESS(status)) {
        LOG("ExInitializeResourceLite 0x%08X", status);
        return FALSE;
    }
    State->LockReady = TRUE;

    ExInitializeNPagedLookasideList(&State->EntryPool, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(KV_ENTRY), KV_TAG, 0);
    State->PoolReady = TRUE;

    InitializeListHead(&State->Entries);
    State->Count = 0;
    return TRUE;
}

BOOLEAN
KvCreateDevice(PKV_STATE State, PDRIVER_OBJECT DriverObject, NTSTATUS *Status)
{
    UNICODE_STRING ntName = RTL_CONSTANT_STRING(KV_NT_NAME);
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(KV_DOS_NAME);

    *Status = IoCreateDevice(DriverObject, 0, &ntName, FILE_DEVICE_UNKNOWN,
                             FILE_DEVICE_SECURE_OPEN, FALSE, &State->Device);
    if (!NT_SUCCESS(*Status)) {
        State->Device = NULL;
        LOG("IoCreateDevice 0x%08X", *Status);
        return FALSE;
    }

    *Status = IoCreateSymbolicLink(&dosName, &ntName);
    if (!NT_SUCCESS(*Status)) {
        LOG("IoCreateSymbolicLink 0x%08X", *Status);
        return FALSE;           /* the device is left for KvTeardown */
    }
    State->LinkReady = TRUE;

    State->Device->Flags |= DO_BUFFERED_IO;
    return TRUE;
}

static VOID
KvFreeAllLocked(PKV_STATE State)
{
    while (!IsListEmpty(&State->Entries)) {
        PKV_ENTRY e = CONTAINING_RECORD(RemoveHeadList(&State->Entries), KV_ENTRY, Link);
        ExFreeToNPagedLookasideList(&State->EntryPool, e);
    }
    State->Count = 0;
}

/*
 * Undo whatever the flags say was done.  Called from DriverEntry's
 * failure path and from Unload.
 */
VOID
KvTeardown(PKV_STATE State)
{
    UNICODE_STRING dosName = RTL_CONSTANT_STRING(KV_DOS_NAME);

    if (State->LinkReady) {
        IoDeleteSymbolicLink(&dosName);
        State->LinkReady = FALSE;
    }

    if (State->Device != NULL) {
        IoDeleteDevice(State->Device);
        State->Device = NULL;
    }

    if (State->PoolReady) {
        if (State->LockReady) {
            KeEnterCriticalRegion();
            ExAcquireResourceExclusiveLite(&State->Lock, TRUE);
            KvFreeAllLocked(State);
            ExReleaseResourceLite(&State->Lock);
            KeLeaveCriticalRegion();
        }
        ExDeleteNPagedLookasideList(&State->EntryPool);
        State->PoolReady = FALSE;
    }

    if (State->LockReady) {
        ExDeleteResourceLite(&State->Lock);
        State->LockReady = FALSE;
    }
}

static PKV_ENTRY
KvFindLocked(PKV_STATE State, ULONG Key)
{
    PLIST_ENTRY le;
    for (le = State->Entries.Flink; le != &State->Entries; le = le->Flink) {
        PKV_ENTRY e = CONTAINING_RECORD(le, KV_ENTRY, Link);
        if (e->Pair.Key == Key) {
            return e;
        }
    }
    return NULL;
}

NTSTATUS
KvPut(PKV_STATE State, const KV_PAIR *Pair)
{
    NTSTATUS status = STATUS_SUCCESS;
    PKV_ENTRY e;

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&State->Lock, TRUE);

    e = KvFindLocked(State, Pair->Key);
    if (e == NULL) {
        if (State->Count >= KV_MAX_ENTRIES) {
            status = STATUS_QUOTA_EXCEEDED;
            goto out;
        }
        e = (PKV_ENTRY)ExAllocateFromNPagedLookasideList(&State->EntryPool);
        if (e == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            goto out;
        }
        InsertTailList(&State->Entries, &e->Link);
        State->Count++;
    }
    RtlCopyMemory(&e->Pair, Pair, sizeof(KV_PAIR));

out:
    ExReleaseResourceLite(&State->Lock);
    KeLeaveCriticalRegion();
    return status;
}

BOOLEAN
KvGet(PKV_STATE State, ULONG Key, PKV_PAIR Out)
{
    PKV_ENTRY e;
    BOOLEAN found = FALSE;

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&State->Lock, TRUE);
    e = KvFindLocked(State, Key);
    if (e != NULL) {
        RtlCopyMemory(Out, &e->Pair, sizeof(KV_PAIR));
        found = TRUE;
    }
    ExReleaseResourceLite(&State->Lock);
    KeLeaveCriticalRegion();
    return found;
}

ULONG
KvCount(PKV_STATE State)
{
    ULONG n;
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&State->Lock, TRUE);
    n = State->Count;
    ExReleaseResourceLite(&State->Lock);
    KeLeaveCriticalRegion();
    return n;
}

VOID
KvClear(PKV_STATE State)
{
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&State->Lock, TRUE);
    KvFreeAllLocked(State);
    ExReleaseResourceLite(&State->Lock);
    KeLeaveCriticalRegion();
}
