/*++

Copyright (c) Woodgrove Endpoint.  All rights reserved.

Module Name:

    notify.c

Abstract:

    Process and thread notification callbacks.

Environment:

    Kernel mode.  Notify routines run at PASSIVE_LEVEL in the context of
    the creating/exiting thread.

--*/

#include "pm.h"

static
VOID
PmProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    );

static
VOID
PmThreadNotify(
    _In_ HANDLE ProcessId,
    _In_ HANDLE ThreadId,
    _In_ BOOLEAN Create
    );

static
VOID
PmCopyImageBaseName(
    _Out_writes_(DestinationCch) PWCHAR Destination,
    _In_ SIZE_T DestinationCch,
    _In_opt_ PCUNICODE_STRING ImagePath
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PmNotifyRegister)
#pragma alloc_text(PAGE, PmNotifyUnregister)
#pragma alloc_text(PAGE, PmProcessNotify)
#pragma alloc_text(PAGE, PmThreadNotify)
#pragma alloc_text(PAGE, PmCopyImageBaseName)
#endif


_Use_decl_annotations_
NTSTATUS
PmNotifyRegister(
    PPM_GLOBALS Globals
    )
/*++

Routine Description:

    Registers the process callback and, if configured, the thread
    callback.  Either both (as configured) are registered on return, or
    neither is.

--*/
{
    NTSTATUS status;

    PAGED_CODE();

    status = PsSetCreateProcessNotifyRoutineEx(PmProcessNotify, FALSE);
    if (!NT_SUCCESS(status)) {
        //
        // STATUS_ACCESS_DENIED here means the image was not linked with
        // /INTEGRITYCHECK.
        //
        PM_LOG_ERROR("PsSetCreateProcessNotifyRoutineEx 0x%08X", status);
        return status;
    }
    Globals->ProcessNotifyRegistered = TRUE;

    if (Globals->Config.CaptureThreads) {

        status = PsSetCreateThreadNotifyRoutine(PmThreadNotify);
        if (!NT_SUCCESS(status)) {
            PM_LOG_ERROR("PsSetCreateThreadNotifyRoutine 0x%08X", status);

            (VOID)PsSetCreateProcessNotifyRoutineEx(PmProcessNotify, TRUE);
            Globals->ProcessNotifyRegistered = FALSE;
            return status;
        }
        Globals->ThreadNotifyRegistered = TRUE;
    }

    return STATUS_SUCCESS;
}


_Use_decl_annotations_
VOID
PmNotifyUnregister(
    PPM_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (Globals->ThreadNotifyRegistered) {
        (VOID)PsRemoveCreateThreadNotifyRoutine(PmThreadNotify);
        Globals->ThreadNotifyRegistered = FALSE;
    }

    if (Globals->ProcessNotifyRegistered) {
        (VOID)PsSetCreateProcessNotifyRoutineEx(PmProcessNotify, TRUE);
        Globals->ProcessNotifyRegistered = FALSE;
    }
}


static
VOID
PmCopyImageBaseName(
    _Out_writes_(DestinationCch) PWCHAR Destination,
    _In_ SIZE_T DestinationCch,
    _In_opt_ PCUNICODE_STRING ImagePath
    )
{
    USHORT cch;
    USHORT start;

    PAGED_CODE();

    Destination[0] = L'\0';

    if (ImagePath == NULL || ImagePath->Buffer == NULL || ImagePath->Length == 0) {
        return;
    }

    cch = ImagePath->Length / sizeof(WCHAR);
    start = cch;

    while (start > 0 && ImagePath->Buffer[start - 1] != L'\\') {
        start--;
    }

    (VOID)RtlStringCchCopyNW(Destination,
                             DestinationCch,
                             &ImagePath->Buffer[start],
                             cch - start);
}


static
VOID
PmProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    )
{
    PM_EVENT event;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(Process);

    if (g_Pm.ShuttingDown) {
        return;
    }

    RtlZeroMemory(&event, sizeof(event));
    KeQuerySystemTimePrecise(&event.Time);
    event.ProcessId = (ULONG64)(ULONG_PTR)ProcessId;

    if (CreateInfo != NULL) {
        event.Type = PmEventProcessCreate;
        event.ParentOrThreadId = (ULONG64)(ULONG_PTR)CreateInfo->ParentProcessId;
        PmCopyImageBaseName(event.ImageName,
                            RTL_NUMBER_OF(event.ImageName),
                            CreateInfo->ImageFileName);
    } else {
        event.Type = PmEventProcessExit;
    }

    PmEventStorePush(&g_Pm.Store, &event);
    PmControlSignalWaiters();
}


static
VOID
PmThreadNotify(
    _In_ HANDLE ProcessId,
    _In_ HANDLE ThreadId,
    _In_ BOOLEAN Create
    )
{
    PM_EVENT event;

    PAGED_CODE();

    if (g_Pm.ShuttingDown) {
        return;
    }

    RtlZeroMemory(&event, sizeof(event));
    KeQuerySystemTimePrecise(&event.Time);
    event.Type = Create ? PmEventThreadCreate : PmEventThreadExit;
    event.ProcessId = (ULONG64)(ULONG_PTR)ProcessId;
    event.ParentOrThreadId = (ULONG64)(ULONG_PTR)ThreadId;

    PmEventStorePush(&g_Pm.Store, &event);
    PmControlSignalWaiters();
}
