/*
 * proc.c - trusted process table
 */
#include "procfence.h"

NTSTATUS
PfTrustTableCreate(
    VOID
    )
{
    PPF_TRUST_TABLE table;

    table = (PPF_TRUST_TABLE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(PF_TRUST_TABLE), PF_TAG);
    if (table == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    /* ExAllocatePool2 zeroes the block */
    KeInitializeSpinLock(&table->Lock);
    g_Pf.Trust = table;
    return STATUS_SUCCESS;
}

VOID
PfTrustTableDestroy(
    VOID
    )
{
    if (g_Pf.Trust != NULL) {
        ExFreePoolWithTag(g_Pf.Trust, PF_TAG);
        g_Pf.Trust = NULL;
    }
}

static LONG
PfFindLocked(
    _In_ PPF_TRUST_TABLE Table,
    _In_ HANDLE ProcessId
    )
{
    ULONG i;
    for (i = 0; i < Table->Count; i++) {
        if (Table->Pids[i] == ProcessId) return (LONG)i;
    }
    return -1;
}

BOOLEAN
PfIsTrusted(
    _In_ HANDLE ProcessId
    )
{
    PPF_TRUST_TABLE table = g_Pf.Trust;
    KIRQL oldIrql;
    BOOLEAN trusted;

    KeAcquireSpinLock(&table->Lock, &oldIrql);
    trusted = (PfFindLocked(table, ProcessId) >= 0);
    KeReleaseSpinLock(&table->Lock, oldIrql);

    return trusted;
}

NTSTATUS
PfTrust(
    _In_ HANDLE ProcessId
    )
{
    PPF_TRUST_TABLE table = g_Pf.Trust;
    KIRQL oldIrql;
    NTSTATUS status = STATUS_SUCCESS;

    KeAcquireSpinLock(&table->Lock, &oldIrql);
    if (PfFindLocked(table, ProcessId) < 0) {
        if (table->Count < PF_MAX_TRUSTED) {
            table->Pids[table->Count++] = ProcessId;
        } else {
            status = STATUS_QUOTA_EXCEEDED;
        }
    }
    KeReleaseSpinLock(&table->Lock, oldIrql);

    return status;
}

VOID
PfUntrust(
    _In_ HANDLE ProcessId
    )
{
    PPF_TRUST_TABLE table = g_Pf.Trust;
    KIRQL oldIrql;
    LONG idx;

    KeAcquireSpinLock(&table->Lock, &oldIrql);
    idx = PfFindLocked(table, ProcessId);
    if (idx >= 0) {
        /* swap-remove, order doesn't matter */
        table->Pids[idx] = table->Pids[table->Count - 1];
        table->Pids[table->Count - 1] = NULL;
        table->Count--;
    }
    KeReleaseSpinLock(&table->Lock, oldIrql);
}

VOID
PfProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == NULL) {
        /* exiting: a new process could get the same PID later */
        PfUntrust(ProcessId);
    }
}
