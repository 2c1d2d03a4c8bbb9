/*
 * notify.c - process / thread creation callbacks
 *
 * On 1703+ we go through PsSetCreateProcessNotifyRoutineEx2 so that we also
 * see pico (WSL) processes; older builds fall back to the Ex variant.
 */
#include "procwatch.h"

static VOID
PwFillTime(_Out_ PPW_EVENT Ev)
{
    KeQuerySystemTimePrecise(&Ev->Time);
}

static VOID
PwProcessNotify(_Inout_ PEPROCESS Process,
                _In_ HANDLE ProcessId,
                _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    PW_EVENT ev;

    UNREFERENCED_PARAMETER(Process);

    RtlZeroMemory(&ev, sizeof(ev));
    PwFillTime(&ev);
    ev.ProcessId = HandleToULong(ProcessId);

    if (CreateInfo != NULL) {
        ev.Type = PwEventProcessCreate;
        ev.ParentOrThreadId = HandleToULong(CreateInfo->ParentProcessId);
        if (CreateInfo->ImageFileName != NULL && CreateInfo->ImageFileName->Buffer != NULL) {
            USHORT cb = min(CreateInfo->ImageFileName->Length,
                            (USHORT)(sizeof(ev.ImagePath) - sizeof(WCHAR)));
            RtlCopyMemory(ev.ImagePath, CreateInfo->ImageFileName->Buffer, cb);
            ev.ImagePath[cb / sizeof(WCHAR)] = L'\0';
        }
        if (CreateInfo->FileOpenNameAvailable) {
            ev.Flags |= 1;
        }
    } else {
        ev.Type = PwEventProcessExit;
    }

    PwQueuePush(&ev);
}

static VOID
PwThreadNotify(_In_ HANDLE ProcessId, _In_ HANDLE ThreadId, _In_ BOOLEAN Create)
{
    PW_EVENT ev;

    RtlZeroMemory(&ev, sizeof(ev));
    PwFillTime(&ev);
    ev.Type = Create ? PwEventThreadCreate : PwEventThreadExit;
    ev.ProcessId = HandleToULong(ProcessId);
    ev.ParentOrThreadId = HandleToULong(ThreadId);

    /* remote thread creation is the interesting bit */
    if (Create && PsGetCurrentProcessId() != ProcessId) {
        ev.Flags |= 2;
    }

    PwQueuePush(&ev);
}

static VOID
PwRemoveProcessNotify(VOID)
{
    NTSTATUS status;

    if (!g_Pw.ProcessNotifyOn) {
        return;
    }

    /*
     * Ex and Ex2 end up in the same callback array, removing through
     * the Ex entry point takes care of either registration.
     */
    status = PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, TRUE);
    CHECK_STATUS(status, "remove process notify");

    g_Pw.ProcessNotifyOn = FALSE;
}

NTSTATUS
PwStartNotify(VOID)
{
    NTSTATUS status;
    UNICODE_STRING fn = RTL_CONSTANT_STRING(L"PsSetCreateProcessNotifyRoutineEx2");

    g_Pw.pfnSetNotifyEx2 = (PFN_PS_SET_CREATE_PROCESS_NOTIFY_EX2)MmGetSystemRoutineAddress(&fn);

    if (g_Pw.pfnSetNotifyEx2 != NULL) {
        PW_DBG("using Ex2\n");
        status = g_Pw.pfnSetNotifyEx2(PsCreateProcessNotifySubsystems,
                                      (PVOID)PwProcessNotify,
                                      FALSE);
    } else {
        PW_DBG("Ex2 not exported, using Ex\n");
        status = PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, FALSE);
    }
    CHECK_STATUS(status, "process notify");
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_Pw.ProcessNotifyOn = TRUE;

    status = PsSetCreateThreadNotifyRoutine(PwThreadNotify);
    CHECK_STATUS(status, "thread notify");
    if (!NT_SUCCESS(status)) {
        PwRemoveProcessNotify();
        return status;
    }
    g_Pw.ThreadNotifyOn = TRUE;

    return STATUS_SUCCESS;
}

VOID
PwStopNotify(VOID)
{
    if (g_Pw.ThreadNotifyOn) {
        PsRemoveCreateThreadNotifyRoutine(PwThreadNotify);
        g_Pw.ThreadNotifyOn = FALSE;
    }
    PwRemoveProcessNotify();
}
