/*
 * records.c - the record list. One spin lock protects list, count and ids.
 */
#include "reclist.h"

NTSTATUS RecInit(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    KeInitializeSpinLock(&g_Rl.Lock);
    InitializeListHead(&g_Rl.Records);
    g_Rl.Count = 0;
    g_Rl.NextId = 1;
    return STATUS_SUCCESS;
}

VOID RecFini(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    RecClear();
}

NTSTATUS RecAdd(const VOID *Data, ULONG Length, PULONG Id)
{
    PRL_RECORD rec;
    KIRQL irql;
    NTSTATUS status = STATUS_SUCCESS;

    if (Length > RL_MAX_PAYLOAD) {
        return STATUS_INVALID_BUFFER_SIZE;
    }

    rec = (PRL_RECORD)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(RL_RECORD), RL_TAG);
    if (rec == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    rec->Length = Length;
    RtlCopyMemory(rec->Payload, Data, Length);

    KeAcquireSpinLock(&g_Rl.Lock, &irql);
    if (g_Rl.Count >= g_Rl.Config.MaxRecords) {
        status = STATUS_QUOTA_EXCEEDED;
    } else {
        rec->Id = g_Rl.NextId++;
        InsertTailList(&g_Rl.Records, &rec->Link);
        g_Rl.Count++;
        *Id = rec->Id;
        rec = NULL;
    }
    KeReleaseSpinLock(&g_Rl.Lock, irql);

    if (rec != NULL) {
        ExFreePoolWithTag(rec, RL_TAG);
    }
    return status;
}

NTSTATUS RecTake(PRL_RECORD Out)
{
    PLIST_ENTRY entry = NULL;
    KIRQL irql;

    KeAcquireSpinLock(&g_Rl.Lock, &irql);
    if (!IsListEmpty(&g_Rl.Records)) {
        entry = RemoveHeadList(&g_Rl.Records);
        g_Rl.Count--;
    }
    KeReleaseSpinLock(&g_Rl.Lock, irql);

    if (entry == NULL) {
        return STATUS_NO_MORE_ENTRIES;
    }
    RtlCopyMemory(Out, CONTAINING_RECORD(entry, RL_RECORD, Link), sizeof(RL_RECORD));
    ExFreePoolWithTag(CONTAINING_RECORD(entry, RL_RECORD, Link), RL_TAG);
    return STATUS_SUCCESS;
}

VOID RecClear(VOID)
{
    LIST_ENTRY detached;
    KIRQL irql;

    /* unhook everything under the lock, free it outside */
    InitializeListHead(&detached);
    KeAcquireSpinLock(&g_Rl.Lock, &irql);
    if (!IsListEmpty(&g_Rl.Records)) {
        detached = g_Rl.Records;
        detached.Flink->Blink = &detached;
        detached.Blink->Flink = &detached;
        InitializeListHead(&g_Rl.Records);
    }
    g_Rl.Count = 0;
    KeReleaseSpinLock(&g_Rl.Lock, irql);

    while (!IsListEmpty(&detached)) {
        ExFreePoolWithTag(CONTAINING_RECORD(RemoveHeadList(&detached), RL_RECORD, Link), RL_TAG);
    }
}

#if DBG
NTSTATUS RecSelfTest(VOID)
{
    static const char sample[] = "self-test";
    RL_RECORD out;
    ULONG id1, id2;
    NTSTATUS status;

    status = RecAdd(sample, sizeof(sample), &id1);
    if (NT_SUCCESS(status)) {
        status = RecAdd(sample, sizeof(sample), &id2);
    }
    if (NT_SUCCESS(status)) {
        status = RecTake(&out);
        if (NT_SUCCESS(status) && (out.Id != id1 || out.Length != sizeof(sample))) {
            status = STATUS_DATA_ERROR;
        }
    }
    RecClear();
    return status;
}
#endif
