#include "obguard.h"

NTSTATUS
ObgTableCreate(VOID)
{
    POBG_TABLE table;

    table = (POBG_TABLE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(OBG_TABLE), OBG_TAG);
    if (table == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KeInitializeSpinLock(&table->Lock);
    table->Count = 0;
    g_Obg.Table = table;
    return STATUS_SUCCESS;
}

VOID
ObgTableDestroy(VOID)
{
    if (g_Obg.Table != NULL) {
        ExFreePoolWithTag(g_Obg.Table, OBG_TAG);
        g_Obg.Table = NULL;
    }
}

NTSTATUS
ObgTableAdd(_In_ HANDLE Pid)
{
    POBG_TABLE t = g_Obg.Table;
    NTSTATUS status = STATUS_QUOTA_EXCEEDED;
    KIRQL irql;
    ULONG i;

    KeAcquireSpinLock(&t->Lock, &irql);
    for (i = 0; i < t->Count; i++) {
        if (t->Pids[i] == Pid) {
            status = STATUS_SUCCESS;
            goto out;
        }
    }
    if (t->Count < OBG_MAX_PROTECTED) {
        t->Pids[t->Count++] = Pid;
        status = STATUS_SUCCESS;
    }
out:
    KeReleaseSpinLock(&t->Lock, irql);
    return status;
}

VOID
ObgTableRemove(_In_ HANDLE Pid)
{
    POBG_TABLE t = g_Obg.Table;
    KIRQL irql;
    ULONG i;

    KeAcquireSpinLock(&t->Lock, &irql);
    for (i = 0; i < t->Count; i++) {
        if (t->Pids[i] == Pid) {
            t->Pids[i] = t->Pids[t->Count - 1];
            t->Pids[t->Count - 1] = NULL;
            t->Count--;
            break;
        }
    }
    KeReleaseSpinLock(&t->Lock, irql);
}

BOOLEAN
ObgTableContains(_In_ HANDLE Pid)
{
    POBG_TABLE t = g_Obg.Table;
    BOOLEAN found = FALSE;
    KIRQL irql;
    ULONG i;

    KeAcquireSpinLock(&t->Lock, &irql);
    for (i = 0; i < t->Count; i++) {
        if (t->Pids[i] == Pid) {
            found = TRUE;
            break;
        }
    }
    KeReleaseSpinLock(&t->Lock, irql);
    return found;
}
