//
// records.c - record allocation and the bounded record queue
//
#include "sentinel.h"

PSNT_RECORD SntAllocRecord(_In_ SNT_RECORD_KIND Kind, _In_ HANDLE ProcessId)
{
    PSNT_RECORD rec = (PSNT_RECORD)ExAllocateFromNPagedLookasideList(&g_Snt.RecordPool);
    if (rec == NULL) {
        InterlockedIncrement(&g_Snt.Dropped);
        return NULL;
    }
    RtlZeroMemory(rec, sizeof(*rec));
    rec->Data.Kind = Kind;
    rec->Data.ProcessId = HandleToULong(ProcessId);
    KeQuerySystemTimePrecise(&rec->Data.Time);
    return rec;
}

VOID SntSetRecordPath(_Inout_ PSNT_RECORD Record, _In_opt_ PCUNICODE_STRING Path)
{
    USHORT cb;

    if (Path == NULL || Path->Buffer == NULL) {
        return;
    }
    cb = min(Path->Length, (USHORT)((SNT_PATH_CHARS - 1) * sizeof(WCHAR)));
    RtlCopyMemory(Record->Data.Path, Path->Buffer, cb);
    Record->Data.Path[cb / sizeof(WCHAR)] = L'\0';
}

VOID SntQueueRecord(_In_ PSNT_RECORD Record)
{
    KIRQL irql;
    BOOLEAN queued = FALSE;

    KeAcquireSpinLock(&g_Snt.QueueLock, &irql);
    if (g_Snt.QueuedCount < g_Snt.MaxQueued) {
        InsertTailList(&g_Snt.Queue, &Record->Link);
        g_Snt.QueuedCount++;
        queued = TRUE;
    }
    KeReleaseSpinLock(&g_Snt.QueueLock, irql);

    if (!queued) {
        InterlockedIncrement(&g_Snt.Dropped);
        ExFreeToNPagedLookasideList(&g_Snt.RecordPool, Record);
    }
}

ULONG SntDequeueRecords(_Out_writes_(Max) PSNT_RECORD_DATA Out, _In_ ULONG Max)
{
    ULONG count = 0;
    KIRQL irql;
    PSNT_RECORD rec;

    while (count < Max) {
        rec = NULL;
        KeAcquireSpinLock(&g_Snt.QueueLock, &irql);
        if (!IsListEmpty(&g_Snt.Queue)) {
            rec = CONTAINING_RECORD(RemoveHeadList(&g_Snt.Queue), SNT_RECORD, Link);
            g_Snt.QueuedCount--;
        }
        KeReleaseSpinLock(&g_Snt.QueueLock, irql);

        if (rec == NULL) {
            break;
        }
        Out[count++] = rec->Data;
        ExFreeToNPagedLookasideList(&g_Snt.RecordPool, rec);
    }
    return count;
}

VOID SntDrainQueue(VOID)
{
    KIRQL irql;

    KeAcquireSpinLock(&g_Snt.QueueLock, &irql);
    while (!IsListEmpty(&g_Snt.Queue)) {
        ExFreeToNPagedLookasideList(&g_Snt.RecordPool,
                                    CONTAINING_RECORD(RemoveHeadList(&g_Snt.Queue), SNT_RECORD, Link));
    }
    g_Snt.QueuedCount = 0;
    KeReleaseSpinLock(&g_Snt.QueueLock, irql);
}
