//
// threadmon.c -- optional thread creation/exit monitor (registry value
// "ThreadMonitor"). On Windows 10 and later the Ex registration is used so
// the callback runs on the new thread rather than the creator.
//
// Copyright (c) Sentinel Labs Endpoint Team. Internal use only.
//

#include "sensor.h"

typedef NTSTATUS (NTAPI *PFN_PS_SET_CREATE_THREAD_NOTIFY_ROUTINE_EX)(
    _In_ PSCREATETHREADNOTIFYTYPE NotifyType,
    _In_ PVOID NotifyInformation
    );

static VOID SnThreadNotify(_In_ HANDLE ProcessId, _In_ HANDLE ThreadId, _In_ BOOLEAN Create);

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, SnThreadMonInit)
#pragma alloc_text(PAGE, SnThreadMonFini)
#endif

static VOID
SnThreadNotify(
    _In_ HANDLE ProcessId,
    _In_ HANDLE ThreadId,
    _In_ BOOLEAN Create
    )
{
    //
    // Ignore the System process; it is far too chatty and never interesting.
    //
    if (HandleToULong(ProcessId) == 4) {
        return;
    }

    SnPostEvent(Create ? SnEventThreadCreate : SnEventThreadExit, ProcessId, ThreadId, NULL);
}

NTSTATUS
SnThreadMonInit(
    _Inout_ PSN_GLOBALS Globals
    )
{
    NTSTATUS status;
    UNICODE_STRING routineName = RTL_CONSTANT_STRING(L"PsSetCreateThreadNotifyRoutineEx");
    PFN_PS_SET_CREATE_THREAD_NOTIFY_ROUTINE_EX setEx;

    PAGED_CODE();

    setEx = (PFN_PS_SET_CREATE_THREAD_NOTIFY_ROUTINE_EX)MmGetSystemRoutineAddress(&routineName);

    if (setEx != NULL) {
        status = setEx(PsCreateThreadNotifyNonSystem, (PVOID)SnThreadNotify);
        if (NT_SUCCESS(status)) {
            Globals->ThreadNotifyRegistered = TRUE;
            Globals->ThreadNotifyIsEx = TRUE;
            return STATUS_SUCCESS;
        }
        SN_ERR("PsSetCreateThreadNotifyRoutineEx 0x%08X, falling back", status);
    }

    status = PsSetCreateThreadNotifyRoutine(SnThreadNotify);
    if (!NT_SUCCESS(status)) {
        SN_ERR("PsSetCreateThreadNotifyRoutine 0x%08X", status);
        return status;
    }

    Globals->ThreadNotifyRegistered = TRUE;
    Globals->ThreadNotifyIsEx = FALSE;
    return STATUS_SUCCESS;
}

VOID
SnThreadMonFini(
    _Inout_ PSN_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (!Globals->ThreadNotifyRegistered) {
        return;
    }

    //
    // Both registration flavours are removed by the same routine.
    //
    PsRemoveCreateThreadNotifyRoutine(SnThreadNotify);
    Globals->ThreadNotifyRegistered = FALSE;
    Globals->ThreadNotifyIsEx = FALSE;
}
