/*
 * notify.c - process, image and thread notification routines.
 */
#include "taudit.h"

static VOID
TaProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    PTA_EVENT ev;

    UNREFERENCED_PARAMETER(Process);

    ev = TaEventAllocate(CreateInfo != NULL ? TaEventProcessCreate : TaEventProcessExit);
    if (ev == NULL) {
        return;
    }

    ev->Record.ProcessId = HandleToULong(ProcessId);
    if (CreateInfo != NULL) {
        ev->Record.ThreadOrParentId = HandleToULong(CreateInfo->ParentProcessId);
        if (CreateInfo->ImageFileName != NULL) {
            RtlStringCchCopyNW(ev->Record.ImageName, TA_IMAGE_NAME_CHARS,
                               CreateInfo->ImageFileName->Buffer,
                               CreateInfo->ImageFileName->Length / sizeof(WCHAR));
        }
    }
    TaEventQueue(ev);
}

static VOID
TaImageNotify(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo
    )
{
    PTA_EVENT ev = TaEventAllocate(TaEventImageLoad);

    if (ev == NULL) {
        return;
    }

    ev->Record.ProcessId = HandleToULong(ProcessId);
    ev->Record.ImageBase = (ULONG_PTR)ImageInfo->ImageBase;
    if (FullImageName != NULL) {
        RtlStringCchCopyNW(ev->Record.ImageName, TA_IMAGE_NAME_CHARS,
                           FullImageName->Buffer, FullImageName->Length / sizeof(WCHAR));
    }
    TaEventQueue(ev);
}

static VOID
TaThreadNotify(
    _In_ HANDLE ProcessId,
    _In_ HANDLE ThreadId,
    _In_ BOOLEAN Create
    )
{
    PTA_EVENT ev = TaEventAllocate(Create ? TaEventThreadCreate : TaEventThreadExit);

    if (ev == NULL) {
        return;
    }

    ev->Record.ProcessId = HandleToULong(ProcessId);
    ev->Record.ThreadOrParentId = HandleToULong(ThreadId);
    TaEventQueue(ev);
}

/*
 * Process notifications are required; image notifications are required
 * when configured. Thread notifications were added in 2.3 for the
 * injection detector and are best effort: the service copes without.
 */
NTSTATUS
TaRegisterNotifications(VOID)
{
    NTSTATUS status;

    status = PsSetCreateProcessNotifyRoutineEx(TaProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_Ta.Registered |= TA_REG_PROCESS;

    if (g_Ta.Config.TrackImages) {
        status = PsSetLoadImageNotifyRoutine(TaImageNotify);
        if (!NT_SUCCESS(status)) {
            TaUnregisterNotifications();
            return status;
        }
        g_Ta.Registered |= TA_REG_IMAGE;
    }

    if (g_Ta.Config.TrackThreads) {
        status = PsSetCreateThreadNotifyRoutine(TaThreadNotify);
        if (NT_SUCCESS(status)) {
            g_Ta.Registered |= TA_REG_THREAD;
        } else {
            DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL,
                       "threadaudit: thread tracking off (0x%08x)\n", status);
        }
    }

    return STATUS_SUCCESS;
}

VOID
TaUnregisterNotifications(VOID)
{
    if (g_Ta.Registered & TA_REG_IMAGE) {
        PsRemoveLoadImageNotifyRoutine(TaImageNotify);
        g_Ta.Registered &= ~TA_REG_IMAGE;
    }

    if (g_Ta.Registered & TA_REG_PROCESS) {
        PsSetCreateProcessNotifyRoutineEx(TaProcessNotify, TRUE);
        g_Ta.Registered &= ~TA_REG_PROCESS;
    }
}
