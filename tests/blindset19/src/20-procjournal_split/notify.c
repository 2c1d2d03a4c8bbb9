/*
 * notify.c - ProcJournal kernel callbacks
 */
#include "journal.h"

static VOID
JrnProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId, _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        JrnAppend(JrnProcessStart, ProcessId, CreateInfo->ParentProcessId, CreateInfo->ImageFileName);
    } else {
        JrnAppend(JrnProcessExit, ProcessId, NULL, NULL);
    }
}

static VOID
JrnImageNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId, _In_ PIMAGE_INFO ImageInfo)
{
    /* user-mode DLLs only; the kernel images are not interesting here */
    if (ImageInfo->SystemModeImage) {
        return;
    }
    JrnAppend(JrnImageLoad, ProcessId, NULL, FullImageName);
}

NTSTATUS
JrnRegisterCallbacks(VOID)
{
    NTSTATUS status;

    status = PsSetCreateProcessNotifyRoutineEx(JrnProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcJournal: PsSetCreateProcessNotifyRoutineEx 0x%08X (linked with /INTEGRITYCHECK?)\n", status));
        return status;
    }
    g_Jrn.ProcessNotify = TRUE;

    status = PsSetLoadImageNotifyRoutine(JrnImageNotify);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ProcJournal: PsSetLoadImageNotifyRoutine 0x%08X\n", status));
        PsSetCreateProcessNotifyRoutineEx(JrnProcessNotify, TRUE);
        g_Jrn.ProcessNotify = FALSE;
        return status;
    }
    g_Jrn.ImageNotify = TRUE;

    return STATUS_SUCCESS;
}

VOID
JrnUnregisterCallbacks(VOID)
{
    if (g_Jrn.ImageNotify) {
        PsRemoveLoadImageNotifyRoutine(JrnImageNotify);
        g_Jrn.ImageNotify = FALSE;
    }
    if (g_Jrn.ProcessNotify) {
        PsSetCreateProcessNotifyRoutineEx(JrnProcessNotify, TRUE);
        g_Jrn.ProcessNotify = FALSE;
    }
}
