/* notify.c - process and image-load notification routines */
#include "procaudit.h"

static VOID
PaProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        PaStateAdd(PaKindProcessCreate, ProcessId, CreateInfo->ParentProcessId,
                   CreateInfo->ImageFileName);
    } else {
        PaStateAdd(PaKindProcessExit, ProcessId, NULL, NULL);
    }
}

static VOID
PaImageNotify(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    UNREFERENCED_PARAMETER(ImageInfo);

    PaStateAdd(PaKindImageLoad, ProcessId, NULL, FullImageName);
}

NTSTATUS
PaNotifyRegister(VOID)
{
    NTSTATUS status;

    status = PsSetCreateProcessNotifyRoutineEx(PaProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        PA_TRACE("PsSetCreateProcessNotifyRoutineEx: 0x%08X", status);
        return status;
    }
    g_Pa.ProcessNotifyRegistered = TRUE;

    status = PsSetLoadImageNotifyRoutine(PaImageNotify);
    if (!NT_SUCCESS(status)) {
        PA_TRACE("PsSetLoadImageNotifyRoutine: 0x%08X", status);
        PsSetCreateProcessNotifyRoutineEx(PaProcessNotify, TRUE);
        g_Pa.ProcessNotifyRegistered = FALSE;
        return status;
    }
    g_Pa.ImageNotifyRegistered = TRUE;

    return STATUS_SUCCESS;
}

VOID
PaNotifyUnregister(VOID)
{
    if (g_Pa.ImageNotifyRegistered) {
        PsRemoveLoadImageNotifyRoutine(PaImageNotify);
        g_Pa.ImageNotifyRegistered = FALSE;
    }
    if (g_Pa.ProcessNotifyRegistered) {
        PsSetCreateProcessNotifyRoutineEx(PaProcessNotify, TRUE);
        g_Pa.ProcessNotifyRegistered = FALSE;
    }
}
