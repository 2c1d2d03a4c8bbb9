/*
 * notify.c - process / thread notification callbacks
 */
#include "procwatch.h"

static VOID
PwProcessNotifyEx(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        PwQueueEvent(PwProcessCreate, ProcessId, CreateInfo->ParentProcessId);
    } else {
        PwQueueEvent(PwProcessExit, ProcessId, NULL);
    }
}

static VOID
PwThreadNotify(
    _In_ HANDLE ProcessId,
    _In_ HANDLE ThreadId,
    _In_ BOOLEAN Create
    )
{
    PwQueueEvent(Create ? PwThreadCreate : PwThreadExit, ProcessId, ThreadId);
}

NTSTATUS
PwRegisterNotifications(VOID)
{
    NTSTATUS status;

    status = PsSetCreateProcessNotifyRoutineEx(PwProcessNotifyEx, FALSE);
    if (!NT_SUCCESS(status)) {
        PW_ERR("PsSetCreateProcessNotifyRoutineEx failed 0x%08X", status);
        return status;
    }
    g_Pw.ProcessNotifyRegistered = TRUE;

    status = PsSetCreateThreadNotifyRoutine(PwThreadNotify);
    if (!NT_SUCCESS(status)) {
        PW_ERR("PsSetCreateThreadNotifyRoutine failed 0x%08X", status);
        PwUnregisterNotifications();
        return status;
    }
    g_Pw.ThreadNotifyRegistered = TRUE;

    return STATUS_SUCCESS;
}

VOID
PwUnregisterNotifications(VOID)
{
    if (g_Pw.ThreadNotifyRegistered) {
        PsRemoveCreateThreadNotifyRoutine(PwThreadNotify);
        g_Pw.ThreadNotifyRegistered = FALSE;
    }

    if (g_Pw.ProcessNotifyRegistered) {
        PsSetCreateProcessNotifyRoutine((PCREATE_PROCESS_NOTIFY_ROUTINE)PwProcessNotifyEx, TRUE);
        g_Pw.ProcessNotifyRegistered = FALSE;
    }
}
