//
// process / image notifications used to find the game and its base address
//
#include "common.h"

static BOOLEAN
KmIsGameImage(
    _In_opt_ PCUNICODE_STRING FullImageName
    )
{
    UNICODE_STRING suffix;
    UNICODE_STRING tail;

    if (FullImageName == NULL || FullImageName->Buffer == NULL) {
        return FALSE;
    }

    RtlInitUnicodeString(&suffix, KM_GAME_IMAGE);
    if (FullImageName->Length < suffix.Length) {
        return FALSE;
    }

    tail.Buffer = (PWCH)((PUCHAR)FullImageName->Buffer + FullImageName->Length - suffix.Length);
    tail.Length = suffix.Length;
    tail.MaximumLength = suffix.Length;

    return RtlEqualUnicodeString(&tail, &suffix, TRUE);
}

static VOID
KmProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    UNREFERENCED_PARAMETER(Process);

    if (CreateInfo != NULL) {
        // process start, nothing to do, image notify catches the main module
        return;
    }

    ExAcquireFastMutex(&g_Km.GameLock);
    if (g_Km.GamePid == ProcessId) {
        LOG("game (pid %p) exited", ProcessId);
        g_Km.GamePid  = NULL;
        g_Km.GameBase = NULL;
        g_Km.GameSize = 0;
    }
    ExReleaseFastMutex(&g_Km.GameLock);
}

static VOID
KmImageNotify(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    if (ProcessId == NULL || ImageInfo->SystemModeImage) {
        return;
    }

    if (!KmIsGameImage(FullImageName)) {
        return;
    }

    ExAcquireFastMutex(&g_Km.GameLock);
    g_Km.GamePid  = ProcessId;
    g_Km.GameBase = ImageInfo->ImageBase;
    g_Km.GameSize = ImageInfo->ImageSize;
    ExReleaseFastMutex(&g_Km.GameLock);

    LOG("game found: pid %p base %p size 0x%Ix", ProcessId, ImageInfo->ImageBase, ImageInfo->ImageSize);
}

NTSTATUS
CbInstall(
    VOID
    )
{
    NTSTATUS status;

    //
    // needs /INTEGRITYCHECK on the image, otherwise STATUS_ACCESS_DENIED
    //
    status = PsSetCreateProcessNotifyRoutineEx(KmProcessNotify, FALSE);
    CHECK(status, "PsSetCreateProcessNotifyRoutineEx");
    g_Km.ProcNotifyOn = TRUE;

    status = PsSetLoadImageNotifyRoutine(KmImageNotify);
    if (!NT_SUCCESS(status)) {
        LOG("PsSetLoadImageNotifyRoutine failed: 0x%08X", status);
        PsSetCreateProcessNotifyRoutineEx(KmProcessNotify, TRUE);
        g_Km.ProcNotifyOn = FALSE;
        return status;
    }
    g_Km.ImageNotifyOn = TRUE;

    return STATUS_SUCCESS;
}

VOID
CbRemove(
    VOID
    )
{
    if (g_Km.ProcNotifyOn) {
        PsSetCreateProcessNotifyRoutineEx(KmProcessNotify, TRUE);
        g_Km.ProcNotifyOn = FALSE;
    }

    ExAcquireFastMutex(&g_Km.GameLock);
    g_Km.GamePid  = NULL;
    g_Km.GameBase = NULL;
    g_Km.GameSize = 0;
    ExReleaseFastMutex(&g_Km.GameLock);
}
