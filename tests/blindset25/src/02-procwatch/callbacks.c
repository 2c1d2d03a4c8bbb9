/*
 * callbacks.c - the notify routines and the event queue
 */
#include "procwatch.h"

/* images we refuse to start, compared against the end of the full path */
static const UNICODE_STRING g_DenyList[] = {
    RTL_CONSTANT_STRING(L"\\mimikatz.exe"),
    RTL_CONSTANT_STRING(L"\\procdump64.exe"),
};

static BOOLEAN PwEndsWith(PCUNICODE_STRING Str, PCUNICODE_STRING Suffix)
{
    UNICODE_STRING tail;

    if (Str == NULL || Str->Buffer == NULL || Str->Length < Suffix->Length) {
        return FALSE;
    }
    tail.Buffer = (PWCH)((PUCHAR)Str->Buffer + Str->Length - Suffix->Length);
    tail.Length = Suffix->Length;
    tail.MaximumLength = Suffix->Length;
    return RtlEqualUnicodeString(&tail, Suffix, TRUE);
}

VOID PwPushEvent(PW_EVENT_TYPE Type, HANDLE Pid, HANDLE Other, PCUNICODE_STRING Name)
{
    PPW_EVENT_ENTRY entry;
    KIRQL oldIrql;

    entry = (PPW_EVENT_ENTRY)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*entry), PW_TAG);
    if (entry == NULL) {
        InterlockedIncrement(&g_Pw.Stats.Dropped);
        return;
    }

    entry->Record.Type = (ULONG)Type;
    entry->Record.ProcessId = HandleToULong(Pid);
    entry->Record.ParentOrThreadId = HandleToULong(Other);
    KeQuerySystemTimePrecise(&entry->Record.Time);
    if (Name != NULL && Name->Buffer != NULL) {
        RtlStringCchCopyNW(entry->Record.Name, PW_NAME_CHARS,
                           Name->Buffer, Name->Length / sizeof(WCHAR));
    }

    KeAcquireSpinLock(&g_Pw.QueueLock, &oldIrql);
    if (g_Pw.QueueLength >= PW_MAX_QUEUED) {
        /* nobody is reading, throw the oldest one away */
        PLIST_ENTRY old = RemoveHeadList(&g_Pw.Queue);
        g_Pw.QueueLength--;
        KeReleaseSpinLock(&g_Pw.QueueLock, oldIrql);
        ExFreePoolWithTag(CONTAINING_RECORD(old, PW_EVENT_ENTRY, Link), PW_TAG);
        InterlockedIncrement(&g_Pw.Stats.Dropped);
        KeAcquireSpinLock(&g_Pw.QueueLock, &oldIrql);
    }
    InsertTailList(&g_Pw.Queue, &entry->Link);
    g_Pw.QueueLength++;
    KeReleaseSpinLock(&g_Pw.QueueLock, oldIrql);
}

ULONG PwDrainEvents(PPW_EVENT_RECORD Out, ULONG MaxRecords)
{
    ULONG n = 0;
    KIRQL oldIrql;

    KeAcquireSpinLock(&g_Pw.QueueLock, &oldIrql);
    while (n < MaxRecords && !IsListEmpty(&g_Pw.Queue)) {
        PPW_EVENT_ENTRY e = CONTAINING_RECORD(RemoveHeadList(&g_Pw.Queue), PW_EVENT_ENTRY, Link);
        g_Pw.QueueLength--;
        RtlCopyMemory(&Out[n], &e->Record, sizeof(PW_EVENT_RECORD));
        ExFreePoolWithTag(e, PW_TAG);
        n++;
    }
    KeReleaseSpinLock(&g_Pw.QueueLock, oldIrql);
    return n;
}

VOID PwFreeEventQueue(VOID)
{
    KIRQL oldIrql;
    LIST_ENTRY local;

    InitializeListHead(&local);

    KeAcquireSpinLock(&g_Pw.QueueLock, &oldIrql);
    while (!IsListEmpty(&g_Pw.Queue)) {
        InsertTailList(&local, RemoveHeadList(&g_Pw.Queue));
    }
    g_Pw.QueueLength = 0;
    KeReleaseSpinLock(&g_Pw.QueueLock, oldIrql);

    while (!IsListEmpty(&local)) {
        ExFreePoolWithTag(CONTAINING_RECORD(RemoveHeadList(&local), PW_EVENT_ENTRY, Link), PW_TAG);
    }
}

VOID PwOnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    ULONG i;

    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo == NULL) {
        InterlockedIncrement(&g_Pw.Stats.ProcessExits);
        PwPushEvent(PwProcessExit, ProcessId, NULL, NULL);
        return;
    }

    InterlockedIncrement(&g_Pw.Stats.ProcessCreates);
    PwPushEvent(PwProcessCreate, ProcessId, CreateInfo->ParentProcessId, CreateInfo->ImageFileName);

    if (CreateInfo->ImageFileName == NULL) {
        return;
    }

    for (i = 0; i < RTL_NUMBER_OF(g_DenyList); i++) {
        if (PwEndsWith(CreateInfo->ImageFileName, &g_DenyList[i])) {
            PW_LOG("denying %wZ (pid %lu)", CreateInfo->ImageFileName, HandleToULong(ProcessId));
            CreateInfo->CreationStatus = STATUS_ACCESS_DENIED;
            InterlockedIncrement(&g_Pw.Stats.Denied);
            break;
        }
    }
}

VOID PwOnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    if (Create) {
        InterlockedIncrement(&g_Pw.Stats.ThreadCreates);
        PwPushEvent(PwThreadCreate, ProcessId, ThreadId, NULL);
    } else {
        InterlockedIncrement(&g_Pw.Stats.ThreadExits);
        PwPushEvent(PwThreadExit, ProcessId, ThreadId, NULL);
    }
}

VOID PwOnImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo)
{
    UNREFERENCED_PARAMETER(ImageInfo);

    InterlockedIncrement(&g_Pw.Stats.ImageLoads);
    PwPushEvent(PwImageLoad, ProcessId, NULL, FullImageName);
}
