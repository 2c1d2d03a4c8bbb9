/*
 * ProcWatch - events.c : record queue + the two notify routines
 */
#include "procwatch.h"

VOID
PwRecord(
    ULONG Type,
    HANDLE ProcessId,
    PVOID ImageBase,
    PCUNICODE_STRING Name
    )
{
    PPW_ENTRY entry;
    PPW_ENTRY victim = NULL;

    entry = (PPW_ENTRY)ExAllocatePool2(POOL_FLAG_PAGED, sizeof(PW_ENTRY), PW_TAG);
    if (entry == NULL) {
        InterlockedIncrement((volatile LONG*)&g_Pw.Dropped);
        return;
    }

    entry->Record.Type      = Type;
    entry->Record.ProcessId = HandleToULong(ProcessId);
    entry->Record.ImageBase = (ULONG_PTR)ImageBase;
    KeQuerySystemTime((PLARGE_INTEGER)&entry->Record.Time);

    if (Name != NULL && Name->Buffer != NULL) {
        USHORT chars = Name->Length / sizeof(WCHAR);
        USHORT skip  = chars >= PW_NAME_CHARS ? chars - (PW_NAME_CHARS - 1) : 0;
        RtlCopyMemory(entry->Record.Name, Name->Buffer + skip, (chars - skip) * sizeof(WCHAR));
        entry->Record.Name[chars - skip] = L'\0';
    }

    ExAcquireFastMutex(&g_Pw.RecordsLock);
    if (g_Pw.RecordCount >= PW_MAX_RECORDS) {
        victim = CONTAINING_RECORD(RemoveHeadList(&g_Pw.Records), PW_ENTRY, Link);
        g_Pw.RecordCount--;
        g_Pw.Dropped++;
    }
    InsertTailList(&g_Pw.Records, &entry->Link);
    g_Pw.RecordCount++;
    ExReleaseFastMutex(&g_Pw.RecordsLock);

    if (victim != NULL) {
        ExFreePoolWithTag(victim, PW_TAG);
    }

    KeSetEvent(&g_Pw.WakeEvent, IO_NO_INCREMENT, FALSE);
}

ULONG
PwDrain(
    PW_RECORD* Out,
    ULONG MaxCount
    )
{
    ULONG n = 0;

    ExAcquireFastMutex(&g_Pw.RecordsLock);
    while (n < MaxCount && !IsListEmpty(&g_Pw.Records)) {
        PPW_ENTRY e = CONTAINING_RECORD(RemoveHeadList(&g_Pw.Records), PW_ENTRY, Link);
        g_Pw.RecordCount--;
        Out[n++] = e->Record;
        ExFreePoolWithTag(e, PW_TAG);
    }
    if (IsListEmpty(&g_Pw.Records)) {
        KeClearEvent(g_Pw.UserEvent);
    }
    ExReleaseFastMutex(&g_Pw.RecordsLock);

    return n;
}

VOID
PwFreeRecords(VOID)
{
    ExAcquireFastMutex(&g_Pw.RecordsLock);
    while (!IsListEmpty(&g_Pw.Records)) {
        ExFreePoolWithTag(CONTAINING_RECORD(RemoveHeadList(&g_Pw.Records), PW_ENTRY, Link), PW_TAG);
    }
    g_Pw.RecordCount = 0;
    ExReleaseFastMutex(&g_Pw.RecordsLock);
}

VOID
PwProcessNotify(
    PEPROCESS Process,
    HANDLE ProcessId,
    PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        PwRecord(PW_RECORD_PROCESS_START, ProcessId, NULL, CreateInfo->ImageFileName);
    } else {
        PwRecord(PW_RECORD_PROCESS_EXIT, ProcessId, NULL, NULL);
    }
}

VOID
PwImageNotify(
    PUNICODE_STRING FullImageName,
    HANDLE ProcessId,
    PIMAGE_INFO ImageInfo
    )
{
    // ProcessId 0 = a driver being loaded, we only want user images
    if (ProcessId == NULL) {
        return;
    }
    PwRecord(PW_RECORD_IMAGE_LOAD, ProcessId, ImageInfo->ImageBase, FullImageName);
}
