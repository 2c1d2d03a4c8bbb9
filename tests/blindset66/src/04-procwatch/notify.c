#include "procwatch.h"

static const PCWSTR s_Games[] = {
    L"\\cs2.exe",
    L"\\r5apex.exe",
    L"\\FortniteClient-Win64-Shipping.exe",
    L"\\testgame.exe",
};

BOOLEAN
PwIsGameImage(
    _In_opt_ PCUNICODE_STRING ImageName
    )
{
    ULONG i;

    if (ImageName == NULL || ImageName->Buffer == NULL) {
        return FALSE;
    }

    for (i = 0; i < ARRAYSIZE(s_Games); i++) {
        UNICODE_STRING suffix, tail;
        RtlInitUnicodeString(&suffix, s_Games[i]);
        if (ImageName->Length < suffix.Length) {
            continue;
        }
        tail.Buffer = (PWCH)((PUCHAR)ImageName->Buffer + ImageName->Length - suffix.Length);
        tail.Length = tail.MaximumLength = suffix.Length;
        if (RtlEqualUnicodeString(&tail, &suffix, TRUE)) {
            return TRUE;
        }
    }
    return FALSE;
}

static PPW_ENTRY
PwFindLocked(
    _In_ HANDLE Pid
    )
{
    PLIST_ENTRY e;
    for (e = g_Pw.Tracked.Flink; e != &g_Pw.Tracked; e = e->Flink) {
        PPW_ENTRY ent = CONTAINING_RECORD(e, PW_ENTRY, Link);
        if (ent->ProcessId == Pid) {
            return ent;
        }
    }
    return NULL;
}

static VOID
PwProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    KIRQL irql;
    PPW_ENTRY ent;

    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        if (!PwIsGameImage(CreateInfo->ImageFileName)) {
            return;
        }
        ent = (PPW_ENTRY)ExAllocateFromNPagedLookasideList(&g_Pw.EntryPool);
        if (ent == NULL) {
            return;
        }
        RtlZeroMemory(ent, sizeof(*ent));
        ent->ProcessId = ProcessId;
        {
            // keep the tail of the path, that's the interesting part
            USHORT chars = CreateInfo->ImageFileName->Length / sizeof(WCHAR);
            USHORT n = min(chars, ARRAYSIZE(ent->Name) - 1);
            RtlCopyMemory(ent->Name, CreateInfo->ImageFileName->Buffer + (chars - n), n * sizeof(WCHAR));
        }

        KeAcquireSpinLock(&g_Pw.Lock, &irql);
        if (g_Pw.TrackedCount < PW_MAX_TRACKED) {
            InsertTailList(&g_Pw.Tracked, &ent->Link);
            g_Pw.TrackedCount++;
            ent = NULL;
        }
        KeReleaseSpinLock(&g_Pw.Lock, irql);

        if (ent != NULL) {
            ExFreeToNPagedLookasideList(&g_Pw.EntryPool, ent);
        } else {
            PW_DBG("game started, pid %p\n", ProcessId);
        }
        return;
    }

    // exit
    KeAcquireSpinLock(&g_Pw.Lock, &irql);
    ent = PwFindLocked(ProcessId);
    if (ent != NULL) {
        RemoveEntryList(&ent->Link);
        g_Pw.TrackedCount--;
    }
    KeReleaseSpinLock(&g_Pw.Lock, irql);

    if (ent != NULL) {
        PW_DBG("game pid %p exited: %lu local / %lu remote threads\n",
               ProcessId, ent->LocalThreads, ent->RemoteThreads);
        ExFreeToNPagedLookasideList(&g_Pw.EntryPool, ent);
    }
}

static VOID
PwThreadNotify(
    _In_ HANDLE ProcessId,
    _In_ HANDLE ThreadId,
    _In_ BOOLEAN Create
    )
{
    KIRQL irql;
    PPW_ENTRY ent;
    BOOLEAN remote;

    if (!Create) {
        return;
    }

    // the creating thread is the current one; different process == remote thread
    remote = (PsGetCurrentProcessId() != ProcessId);

    KeAcquireSpinLock(&g_Pw.Lock, &irql);
    ent = PwFindLocked(ProcessId);
    if (ent != NULL) {
        if (remote) {
            ent->RemoteThreads++;
        } else {
            ent->LocalThreads++;
        }
    }
    KeReleaseSpinLock(&g_Pw.Lock, irql);

    if (ent != NULL && remote) {
        PW_DBG("remote thread %p into game pid %p from pid %p\n",
               ThreadId, ProcessId, PsGetCurrentProcessId());
    }
}

VOID
PwInitTracking(VOID)
{
    InitializeListHead(&g_Pw.Tracked);
    g_Pw.TrackedCount = 0;
    KeInitializeSpinLock(&g_Pw.Lock);
    ExInitializeNPagedLookasideList(&g_Pw.EntryPool, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(PW_ENTRY), PW_TAG, 0);
    g_Pw.PoolReady = TRUE;
}

VOID
PwFreeTracking(VOID)
{
    if (!g_Pw.PoolReady) {
        return;
    }
    while (!IsListEmpty(&g_Pw.Tracked)) {
        PLIST_ENTRY e = RemoveHeadList(&g_Pw.Tracked);
        ExFreeToNPagedLookasideList(&g_Pw.EntryPool, CONTAINING_RECORD(e, PW_ENTRY, Link));
    }
    g_Pw.TrackedCount = 0;
    ExDeleteNPagedLookasideList(&g_Pw.EntryPool);
    g_Pw.PoolReady = FALSE;
}

NTSTATUS
PwRegisterCallbacks(VOID)
{
    NTSTATUS status;

    status = PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        PW_ERR("process notify: 0x%08X (linked with /INTEGRITYCHECK?)\n", status);
        return status;
    }
    g_Pw.ProcNotifyOn = TRUE;

    status = PsSetCreateThreadNotifyRoutine(PwThreadNotify);
    if (!NT_SUCCESS(status)) {
        PW_ERR("thread notify: 0x%08X\n", status);
        return status;
    }
    g_Pw.ThreadNotifyOn = TRUE;

    return STATUS_SUCCESS;
}

VOID
PwUnregisterCallbacks(VOID)
{
    if (g_Pw.ThreadNotifyOn) {
        PsRemoveCreateThreadNotifyRoutine(PwThreadNotify);
        g_Pw.ThreadNotifyOn = FALSE;
    }
    if (g_Pw.ProcNotifyOn) {
        PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, TRUE);
        g_Pw.ProcNotifyOn = FALSE;
    }
}
