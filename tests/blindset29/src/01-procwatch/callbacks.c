#include "procwatch.h"

static VOID
PwProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        PwPushEvent(PwProcessCreate, ProcessId, CreateInfo->ParentProcessId, CreateInfo->ImageFileName);
    } else {
        PwPushEvent(PwProcessExit, ProcessId, NULL, NULL);
    }
}

static VOID
PwThreadNotify(
    _In_ HANDLE ProcessId,
    _In_ HANDLE ThreadId,
    _In_ BOOLEAN Create
    )
{
    PwPushEvent(Create ? PwThreadCreate : PwThreadExit, ProcessId, ThreadId, NULL);
}

static VOID
PwImageNotify(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    UNREFERENCED_PARAMETER(ImageInfo);

    // kernel images show up with pid 0, we only care about user processes
    if (ProcessId == NULL) {
        return;
    }
    PwPushEvent(PwImageLoad, ProcessId, NULL, FullImageName);
}

NTSTATUS
PwRegisterCallbacks(VOID)
{
    NTSTATUS status;

    status = PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        PW_ERR("PsSetCreateProcessNotifyRoutineEx failed 0x%08X (linked with /INTEGRITYCHECK?)", status);
        return status;
    }
    g_Pw.ProcessNotifyRegistered = TRUE;

    status = PsSetCreateThreadNotifyRoutine(PwThreadNotify);
    if (!NT_SUCCESS(status)) {
        PW_ERR("PsSetCreateThreadNotifyRoutine failed 0x%08X", status);
        goto fail;
    }
    g_Pw.ThreadNotifyRegistered = TRUE;

    status = PsSetLoadImageNotifyRoutine(PwImageNotify);
    if (!NT_SUCCESS(status)) {
        PW_ERR("PsSetLoadImageNotifyRoutine failed 0x%08X", status);
        goto fail;
    }
    g_Pw.ImageNotifyRegistered = TRUE;

    PW_LOG("callbacks registered");
    return STATUS_SUCCESS;

fail:
    PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, TRUE);
    g_Pw.ProcessNotifyRegistered = FALSE;
    return status;
}

VOID
PwUnregisterCallbacks(VOID)
{
    if (g_Pw.ImageNotifyRegistered) {
        PsRemoveLoadImageNotifyRoutine(PwImageNotify);
        g_Pw.ImageNotifyRegistered = FALSE;
    }
    if (g_Pw.ThreadNotifyRegistered) {
        PsRemoveCreateThreadNotifyRoutine(PwThreadNotify);
        g_Pw.ThreadNotifyRegistered = FALSE;
    }
    if (g_Pw.ProcessNotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(PwProcessNotify, TRUE);
        g_Pw.ProcessNotifyRegistered = FALSE;
    }
}
