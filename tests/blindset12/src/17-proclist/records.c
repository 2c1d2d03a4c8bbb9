#include "proclist.h"

VOID
PlRecordProcess(_In_ HANDLE Pid, _In_ PPS_CREATE_NOTIFY_INFO Info)
{
    PPL_RECORD rec;
    PPL_RECORD oldest = NULL;
    KIRQL irql;
    USHORT chars;

    rec = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*rec), PL_TAG);
    if (rec == NULL) {
        return;
    }

    rec->Data.Pid = (ULONG64)(ULONG_PTR)Pid;
    rec->Data.ParentPid = (ULONG64)(ULONG_PTR)Info->ParentProcessId;
    KeQuerySystemTime(&rec->Data.Time);
    if (Info->ImageFileName != NULL) {
        chars = Info->ImageFileName->Length / sizeof(WCHAR);
        if (chars >= PL_NAME_CHARS) {
            // keep the tail: the file name is the interesting part
            RtlCopyMemory(rec->Data.Image,
                          Info->ImageFileName->Buffer + (chars - (PL_NAME_CHARS - 1)),
                          (PL_NAME_CHARS - 1) * sizeof(WCHAR));
        } else {
            RtlCopyMemory(rec->Data.Image, Info->ImageFileName->Buffer, chars * sizeof(WCHAR));
        }
    }

    KeAcquireSpinLock(&g_Pl.Lock, &irql);
    InsertTailList(&g_Pl.Records, &rec->Link);
    if (++g_Pl.Count > PL_MAX_RECORDS) {
        oldest = CONTAINING_RECORD(RemoveHeadList(&g_Pl.Records), PL_RECORD, Link);
        g_Pl.Count--;
    }
    KeReleaseSpinLock(&g_Pl.Lock, irql);

    if (oldest != NULL) {
        ExFreePoolWithTag(oldest, PL_TAG);
    }
}

ULONG
PlCopyRecords(_Out_writes_(Max) PPL_RECORD_OUT Out, _In_ ULONG Max)
{
    KIRQL irql;
    PLIST_ENTRY e;
    ULONG n = 0;

    KeAcquireSpinLock(&g_Pl.Lock, &irql);
    for (e = g_Pl.Records.Flink; e != &g_Pl.Records && n < Max; e = e->Flink) {
        Out[n++] = CONTAINING_RECORD(e, PL_RECORD, Link)->Data;
    }
    KeReleaseSpinLock(&g_Pl.Lock, irql);
    return n;
}

// detach the whole list under the lock, free it outside
ULONG
PlFreeAll(VOID)
{
    LIST_ENTRY local;
    KIRQL irql;
    ULONG freed = 0;

    InitializeListHead(&local);

    KeAcquireSpinLock(&g_Pl.Lock, &irql);
    if (!IsListEmpty(&g_Pl.Records)) {
        local.Flink = g_Pl.Records.Flink;
        local.Blink = g_Pl.Records.Blink;
        local.Flink->Blink = &local;
        local.Blink->Flink = &local;
        InitializeListHead(&g_Pl.Records);
    }
    g_Pl.Count = 0;
    KeReleaseSpinLock(&g_Pl.Lock, irql);

    while (!IsListEmpty(&local)) {
        ExFreePoolWithTag(CONTAINING_RECORD(RemoveHeadList(&local), PL_RECORD, Link), PL_TAG);
        freed++;
    }
    return freed;
}
