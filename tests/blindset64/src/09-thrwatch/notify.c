/*
 * notify.c - process + thread notifications for thrwatch
 */
#include "thrwatch.h"

static VOID
TwProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    KIRQL irql;

    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        return;
    }

    /* the watched process went away: keep the hits, mark it dead */
    KeAcquireSpinLock(&g_Tw.Lock, &irql);
    if (g_Tw.WatchedPid == ProcessId) {
        g_Tw.WatchedAlive = FALSE;
    }
    KeReleaseSpinLock(&g_Tw.Lock, irql);
}

static VOID
TwThreadNotify(
    _In_ HANDLE ProcessId,
    _In_ HANDLE ThreadId,
    _In_ BOOLEAN Create
    )
{
    HANDLE source;
    KIRQL irql;

    if (!Create) {
        return;
    }

    source = PsGetCurrentProcessId();
    if (source == ProcessId) {
        return;
    }

    KeAcquireSpinLock(&g_Tw.Lock, &irql);
    if (g_Tw.WatchedAlive && g_Tw.WatchedPid == ProcessId && g_Tw.HitCount < TW_MAX_HITS) {
        TW_HIT *hit = &g_Tw.Hits[g_Tw.HitCount++];
        hit->SourcePid = HandleToULong(source);
        hit->ThreadId = HandleToULong(ThreadId);
        KeQuerySystemTime(&hit->When);
    }
    KeReleaseSpinLock(&g_Tw.Lock, irql);
}

NTSTATUS
TwStartNotifications(VOID)
{
    NTSTATUS status;

    status = PsSetCreateProcessNotifyRoutineEx(TwProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        TW_DBG("PsSetCreateProcessNotifyRoutineEx 0x%08X\n", status);
        return status;
    }
    g_Tw.ProcessNotifyOn = TRUE;

    /*
     * Classic registration on purpose: the callback then runs on the creating
     * thread, so PsGetCurrentProcessId() is the injector. The Ex/NonSystem
     * variant runs on the new thread and would hide the source.
     */
    status = PsSetCreateThreadNotifyRoutine(TwThreadNotify);
    if (!NT_SUCCESS(status)) {
        TW_DBG("PsSetCreateThreadNotifyRoutine 0x%08X\n", status);
        PsSetCreateProcessNotifyRoutineEx(TwProcessNotify, TRUE);
        g_Tw.ProcessNotifyOn = FALSE;
        return status;
    }
    g_Tw.ThreadNotifyOn = TRUE;

    return STATUS_SUCCESS;
}

VOID
TwStopNotifications(VOID)
{
    if (g_Tw.ThreadNotifyOn) {
        PsRemoveCreateThreadNotifyRoutine(TwThreadNotify);
        g_Tw.ThreadNotifyOn = FALSE;
    }
    if (g_Tw.ProcessNotifyOn) {
        PsSetCreateProcessNotifyRoutineEx(TwProcessNotify, TRUE);
        g_Tw.ProcessNotifyOn = FALSE;
    }
}
