//
// notify.c - process / thread notification callbacks
//
#include "procmon.h"

static VOID
PmProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    PPM_EVENT ev;

    UNREFERENCED_PARAMETER(Process);

    ev = EvqAllocate(CreateInfo ? PmProcessCreate : PmProcessExit);
    if (ev == NULL) {
        return;
    }

    ev->Data.ProcessId = HandleToULong(ProcessId);
    if (CreateInfo != NULL) {
        ev->Data.ParentOrThreadId = HandleToULong(CreateInfo->ParentProcessId);
        if (CreateInfo->ImageFileName != NULL) {
            USHORT cb = min(CreateInfo->ImageFileName->Length,
                            (USHORT)(sizeof(ev->Data.ImageName) - sizeof(WCHAR)));
            RtlCopyMemory(ev->Data.ImageName, CreateInfo->ImageFileName->Buffer, cb);
        }
    }
    EvqPush(ev);
}

static VOID
PmThreadNotify(
    _In_ HANDLE ProcessId,
    _In_ HANDLE ThreadId,
    _In_ BOOLEAN Create
    )
{
    PPM_EVENT ev = EvqAllocate(Create ? PmThreadCreate : PmThreadExit);
    if (ev == NULL) {
        return;
    }
    ev->Data.ProcessId = HandleToULong(ProcessId);
    ev->Data.ParentOrThreadId = HandleToULong(ThreadId);
    EvqPush(ev);
}

NTSTATUS
NotifyInstall(VOID)
{
    NTSTATUS status;

    status = PsSetCreateThreadNotifyRoutine(PmThreadNotify);
    if (!NT_SUCCESS(status)) {
        PM_ERR("PsSetCreateThreadNotifyRoutine failed 0x%08X", status);
        return status;
    }
    g_Pm.ThreadNotifyOn = TRUE;

    status = PsSetCreateProcessNotifyRoutineEx(PmProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        // STATUS_ACCESS_DENIED here means the image was not linked /INTEGRITYCHECK
        PM_ERR("PsSetCreateProcessNotifyRoutineEx failed 0x%08X", status);
        return status;
    }
    g_Pm.ProcessNotifyOn = TRUE;

    PM_LOG("notifications installed");
    return STATUS_SUCCESS;
}

VOID
NotifyRemove(VOID)
{
    if (g_Pm.ProcessNotifyOn) {
        PsSetCreateProcessNotifyRoutineEx(PmProcessNotify, TRUE);
        g_Pm.ProcessNotifyOn = FALSE;
    }
    if (g_Pm.ThreadNotifyOn) {
        PsRemoveCreateThreadNotifyRoutine(PmThreadNotify);
        g_Pm.ThreadNotifyOn = FALSE;
    }
}
