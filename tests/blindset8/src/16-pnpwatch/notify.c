/*
 * notify.c - interface change callback and the history list.
 */
#include "pnpwatch.h"

NTSTATUS
PwInterfaceNotify(
    _In_ PVOID NotificationStructure,
    _Inout_opt_ PVOID Context
    )
{
    PDEVICE_INTERFACE_CHANGE_NOTIFICATION change =
        (PDEVICE_INTERFACE_CHANGE_NOTIFICATION)NotificationStructure;
    PPW_WATCH watch = (PPW_WATCH)Context;
    PPW_EVENT ev;
    BOOLEAN arrival;

    PAGED_CODE();

    if (watch == NULL) {
        return STATUS_SUCCESS;
    }

    if (IsEqualGUID(&change->Event, &GUID_DEVICE_INTERFACE_ARRIVAL)) {
        arrival = TRUE;
        InterlockedIncrement(&watch->Arrivals);
    } else if (IsEqualGUID(&change->Event, &GUID_DEVICE_INTERFACE_REMOVAL)) {
        arrival = FALSE;
        InterlockedIncrement(&watch->Removals);
    } else {
        return STATUS_SUCCESS;
    }

    if (g_Pw.Settings.LogToDebugger) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "pnpwatch: %s %s %wZ\n",
                   watch->Name, arrival ? "+" : "-", change->SymbolicLinkName);
    }

    ev = ExAllocatePool2(POOL_FLAG_PAGED, sizeof(PW_EVENT), PW_TAG);
    if (ev == NULL) {
        return STATUS_SUCCESS;      /* history is lossy by design */
    }

    KeQuerySystemTimePrecise(&ev->Time);
    ev->Category = watch->Category;
    ev->Arrival  = arrival;
    RtlStringCchCopyNW(ev->SymbolicLink, PW_MAX_LINK_CHARS,
                       change->SymbolicLinkName->Buffer,
                       change->SymbolicLinkName->Length / sizeof(WCHAR));

    ExAcquireFastMutex(&g_Pw.HistoryLock);
    InsertTailList(&g_Pw.History, &ev->Link);
    g_Pw.HistoryCount++;

    /* drop the oldest beyond the limit */
    while (g_Pw.HistoryCount > g_Pw.Settings.MaxHistory) {
        PLIST_ENTRY old = RemoveHeadList(&g_Pw.History);
        g_Pw.HistoryCount--;
        ExFreePoolWithTag(CONTAINING_RECORD(old, PW_EVENT, Link), PW_TAG);
    }
    ExReleaseFastMutex(&g_Pw.HistoryLock);

    return STATUS_SUCCESS;
}

VOID
PwClearHistory(VOID)
{
    PLIST_ENTRY entry;

    ExAcquireFastMutex(&g_Pw.HistoryLock);
    while (!IsListEmpty(&g_Pw.History)) {
        entry = RemoveHeadList(&g_Pw.History);
        ExFreePoolWithTag(CONTAINING_RECORD(entry, PW_EVENT, Link), PW_TAG);
    }
    g_Pw.HistoryCount = 0;
    ExReleaseFastMutex(&g_Pw.HistoryLock);
}

ULONG
PwCopyHistory(
    _Out_writes_bytes_(Bytes) PVOID Buffer,
    _In_ ULONG Bytes
    )
{
    PPW_EVENT_OUT out = (PPW_EVENT_OUT)Buffer;
    ULONG room = Bytes / sizeof(PW_EVENT_OUT);
    ULONG copied = 0;
    PLIST_ENTRY entry;

    ExAcquireFastMutex(&g_Pw.HistoryLock);
    for (entry = g_Pw.History.Flink;
         entry != &g_Pw.History && copied < room;
         entry = entry->Flink) {
        PPW_EVENT ev = CONTAINING_RECORD(entry, PW_EVENT, Link);

        out[copied].Time     = ev->Time;
        out[copied].Category = ev->Category;
        out[copied].Arrival  = ev->Arrival;
        RtlCopyMemory(out[copied].SymbolicLink, ev->SymbolicLink, sizeof(ev->SymbolicLink));
        copied++;
    }
    ExReleaseFastMutex(&g_Pw.HistoryLock);

    return copied * sizeof(PW_EVENT_OUT);
}
