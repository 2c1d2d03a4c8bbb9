/*
 * procwatch.c - remembers which process is our launcher
 */
#include "regguard.h"

static BOOLEAN RgEndsWith(_In_ PCUNICODE_STRING Str, _In_ PCWSTR Suffix)
{
    UNICODE_STRING suffix;
    UNICODE_STRING tail;

    RtlInitUnicodeString(&suffix, Suffix);
    if (Str == NULL || Str->Length < suffix.Length) {
        return FALSE;
    }

    tail.Buffer = (PWCH)((PUCHAR)Str->Buffer + Str->Length - suffix.Length);
    tail.Length = suffix.Length;
    tail.MaximumLength = suffix.Length;
    return RtlEqualUnicodeString(&tail, &suffix, TRUE);
}

static VOID RgProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                            _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        if (RgEndsWith(CreateInfo->ImageFileName, RG_LAUNCHER_IMAGE)) {
            RG_INFO("launcher started, pid %p\n", ProcessId);
            InterlockedExchangePointer(&g_Rg.LauncherPid, ProcessId);
        }
    } else {
        if (InterlockedCompareExchangePointer(&g_Rg.LauncherPid, NULL, ProcessId) == ProcessId) {
            RG_INFO("launcher pid %p exited\n", ProcessId);
        }
    }
}

BOOLEAN RgIsLauncher(_In_ HANDLE ProcessId)
{
    PVOID launcher = g_Rg.LauncherPid;
    return (launcher != NULL && launcher == (PVOID)ProcessId);
}

NTSTATUS RgStartProcessWatch(VOID)
{
    NTSTATUS status;

    status = PsSetCreateProcessNotifyRoutineEx(RgProcessNotify, FALSE);
    if (NT_SUCCESS(status)) {
        g_Rg.ProcWatch = TRUE;
    }
    return status;
}

VOID RgStopProcessWatch(VOID)
{
    if (!g_Rg.ProcWatch) {
        return;
    }

    PsSetCreateProcessNotifyRoutine((PCREATE_PROCESS_NOTIFY_ROUTINE)RgProcessNotify, TRUE);
    g_Rg.ProcWatch = FALSE;
    InterlockedExchangePointer(&g_Rg.LauncherPid, NULL);
}
