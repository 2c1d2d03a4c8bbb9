/*
 * table.c - hashed table of live processes.
 */
#include "procguard.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, PgTableInitialize)
#pragma alloc_text(PAGE, PgTableUninitialize)
#endif

static __forceinline ULONG
PgHash(_In_ HANDLE ProcessId)
{
    return (ULONG)(((ULONG_PTR)ProcessId >> 2) % PG_HASH_BUCKETS);
}

NTSTATUS
PgTableInitialize(VOID)
{
    ULONG i;

    ExInitializePushLock(&g_Pg.TableLock);
    for (i = 0; i < PG_HASH_BUCKETS; i++) {
        InitializeListHead(&g_Pg.Buckets[i]);
    }

    ExInitializeNPagedLookasideList(&g_Pg.EntryLookaside,
                                    NULL,
                                    NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(PG_PROCESS_ENTRY),
                                    PG_TAG,
                                    0);
    g_Pg.TableReady = TRUE;
    return STATUS_SUCCESS;
}

VOID
PgTableUninitialize(VOID)
{
    ULONG i;
    PLIST_ENTRY entry;

    PAGED_CODE();

    if (!g_Pg.TableReady) {
        return;
    }

    /* All callbacks are gone by now; no lock needed, but take it anyway. */
    KeEnterCriticalRegion();
    ExAcquirePushLockExclusive(&g_Pg.TableLock);
    for (i = 0; i < PG_HASH_BUCKETS; i++) {
        while (!IsListEmpty(&g_Pg.Buckets[i])) {
            entry = RemoveHeadList(&g_Pg.Buckets[i]);
            ExFreeToNPagedLookasideList(&g_Pg.EntryLookaside,
                                        CONTAINING_RECORD(entry, PG_PROCESS_ENTRY, HashLink));
        }
    }
    ExReleasePushLockExclusive(&g_Pg.TableLock);
    KeLeaveCriticalRegion();

    ExDeleteNPagedLookasideList(&g_Pg.EntryLookaside);
    g_Pg.TableReady = FALSE;
}

static PPG_PROCESS_ENTRY
PgTableFindLocked(_In_ HANDLE ProcessId)
{
    PLIST_ENTRY head = &g_Pg.Buckets[PgHash(ProcessId)];
    PLIST_ENTRY entry;

    for (entry = head->Flink; entry != head; entry = entry->Flink) {
        PPG_PROCESS_ENTRY pe = CONTAINING_RECORD(entry, PG_PROCESS_ENTRY, HashLink);
        if (pe->ProcessId == ProcessId) {
            return pe;
        }
    }
    return NULL;
}

NTSTATUS
PgTableInsert(_In_ HANDLE ProcessId, _In_ HANDLE ParentId)
{
    PPG_PROCESS_ENTRY pe;

    pe = (PPG_PROCESS_ENTRY)ExAllocateFromNPagedLookasideList(&g_Pg.EntryLookaside);
    if (pe == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlZeroMemory(pe, sizeof(*pe));
    pe->ProcessId = ProcessId;
    pe->ParentId = ParentId;
    KeQuerySystemTimePrecise(&pe->CreateTime);

    KeEnterCriticalRegion();
    ExAcquirePushLockExclusive(&g_Pg.TableLock);
    InsertTailList(&g_Pg.Buckets[PgHash(ProcessId)], &pe->HashLink);
    ExReleasePushLockExclusive(&g_Pg.TableLock);
    KeLeaveCriticalRegion();

    InterlockedIncrement(&g_Pg.Stats.ProcessesSeen);
    return STATUS_SUCCESS;
}

VOID
PgTableRemove(_In_ HANDLE ProcessId)
{
    PPG_PROCESS_ENTRY pe;

    KeEnterCriticalRegion();
    ExAcquirePushLockExclusive(&g_Pg.TableLock);
    pe = PgTableFindLocked(ProcessId);
    if (pe != NULL) {
        RemoveEntryList(&pe->HashLink);
    }
    ExReleasePushLockExclusive(&g_Pg.TableLock);
    KeLeaveCriticalRegion();

    if (pe != NULL) {
        ExFreeToNPagedLookasideList(&g_Pg.EntryLookaside, pe);
    }
}

BOOLEAN
PgTableIsProtected(_In_ HANDLE ProcessId)
{
    PPG_PROCESS_ENTRY pe;
    BOOLEAN result = FALSE;

    KeEnterCriticalRegion();
    ExAcquirePushLockShared(&g_Pg.TableLock);
    pe = PgTableFindLocked(ProcessId);
    if (pe != NULL) {
        result = pe->Protected;
    }
    ExReleasePushLockShared(&g_Pg.TableLock);
    KeLeaveCriticalRegion();

    return result;
}

NTSTATUS
PgTableSetProtected(_In_ HANDLE ProcessId, _In_ BOOLEAN Protected)
{
    PPG_PROCESS_ENTRY pe;
    NTSTATUS status = STATUS_NOT_FOUND;

    KeEnterCriticalRegion();
    ExAcquirePushLockExclusive(&g_Pg.TableLock);
    pe = PgTableFindLocked(ProcessId);
    if (pe != NULL) {
        pe->Protected = Protected;
        status = STATUS_SUCCESS;
    }
    ExReleasePushLockExclusive(&g_Pg.TableLock);
    KeLeaveCriticalRegion();

    return status;
}
