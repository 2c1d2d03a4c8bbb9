/*
 * notify.c - process and image notifications feeding the ring
 */
#include "evtring.h"

static BOOLEAN s_ProcessOn = FALSE;
static BOOLEAN s_ImageOn = FALSE;

static VOID
ErProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        ErRingPush(ErProcStart, HandleToULong(ProcessId),
                   HandleToULong(CreateInfo->ParentProcessId), CreateInfo->ImageFileName);
    } else {
        ErRingPush(ErProcExit, HandleToULong(ProcessId), 0, NULL);
    }
}

static VOID
ErImageNotify(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    ErRingPush(ErImageLoad, HandleToULong(ProcessId),
               (ULONG)(ULONG_PTR)ImageInfo->ImageBase, FullImageName);
}

NTSTATUS
ErNotifyStart(VOID)
{
    NTSTATUS status;

    status = PsSetCreateProcessNotifyRoutineEx(ErProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        ERLOG("PsSetCreateProcessNotifyRoutineEx 0x%08X", status);
        return status;
    }
    s_ProcessOn = TRUE;

    /* also report images mapped into WOW64 processes */
    status = PsSetLoadImageNotifyRoutineEx(ErImageNotify, PS_IMAGE_NOTIFY_CONFLICTING_ARCHITECTURE);
    if (!NT_SUCCESS(status)) {
        ERLOG("PsSetLoadImageNotifyRoutineEx 0x%08X", status);
        PsSetCreateProcessNotifyRoutineEx(ErProcessNotify, TRUE);
        s_ProcessOn = FALSE;
        return status;
    }
    s_ImageOn = TRUE;

    return STATUS_SUCCESS;
}

VOID
ErNotifyStop(VOID)
{
    if (s_ImageOn) {
        PsRemoveLoadImageNotifyRoutine(ErImageNotify);
        s_ImageOn = FALSE;
    }
    if (s_ProcessOn) {
        PsSetCreateProcessNotifyRoutineEx(ErProcessNotify, TRUE);
        s_ProcessOn = FALSE;
    }
}
