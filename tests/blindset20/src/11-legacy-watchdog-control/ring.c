/*++

Copyright (c) Lucerne Publishing IT.  All rights reserved.

Module Name:

    ring.c

Abstract:

    Event ring and watchdog timer of the service watchdog.

Environment:

    Kernel mode.

--*/

#include "wdctl.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, LgAllocateRing)
#pragma alloc_text(PAGE, LgFreeRing)
#pragma alloc_text(PAGE, LgStartWatchdog)
#pragma alloc_text(PAGE, LgStopWatchdog)
#endif


_Use_decl_annotations_
BOOLEAN
LgAllocateRing(
    PLG_GLOBALS Globals,
    ULONG Entries
    )
/*++

Routine Description:

    Allocates the event ring in nonpaged pool (it is read at bugcheck
    time and written from the watchdog DPC).

--*/
{
    PAGED_CODE();

    Globals->Ring = (PLG_EVENT)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                               (SIZE_T)Entries * sizeof(LG_EVENT),
                                               LG_TAG_RING);
    if (Globals->Ring == NULL) {
        return FALSE;
    }

    Globals->RingEntries = Entries;
    Globals->RingHead = 0;
    Globals->RingCount = 0;

    return TRUE;
}


_Use_decl_annotations_
VOID
LgFreeRing(
    PLG_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (Globals->Ring != NULL) {
        ExFreePoolWithTag(Globals->Ring, LG_TAG_RING);
        Globals->Ring = NULL;
        Globals->RingEntries = 0;
        Globals->RingCount = 0;
    }
}


_Use_decl_annotations_
VOID
LgRecordEvent(
    PLG_GLOBALS Globals,
    LG_EVENT_TYPE Type,
    ULONG Value
    )
{
    KLOCK_QUEUE_HANDLE lockHandle;
    PLG_EVENT slot;

    KeAcquireInStackQueuedSpinLock(&Globals->RingLock, &lockHandle);

    slot = &Globals->Ring[Globals->RingHead];
    slot->Type = Type;
    slot->Value = Value;
    slot->InterruptTime = KeQueryInterruptTime();

    Globals->RingHead = (Globals->RingHead + 1) % Globals->RingEntries;
    if (Globals->RingCount < Globals->RingEntries) {
        Globals->RingCount++;
    }

    KeReleaseInStackQueuedSpinLock(&lockHandle);
}


_Use_decl_annotations_
ULONG
LgCopyEvents(
    PLG_GLOBALS Globals,
    PLG_EVENT Events,
    ULONG MaxEvents
    )
/*++

Routine Description:

    Copies the most recent events, oldest first, without consuming them.

--*/
{
    KLOCK_QUEUE_HANDLE lockHandle;
    ULONG count;
    ULONG start;
    ULONG i;

    KeAcquireInStackQueuedSpinLock(&Globals->RingLock, &lockHandle);

    count = min(MaxEvents, Globals->RingCount);
    start = (Globals->RingHead + Globals->RingEntries - count) % Globals->RingEntries;

    for (i = 0; i < count; i++) {
        Events[i] = Globals->Ring[(start + i) % Globals->RingEntries];
    }

    KeReleaseInStackQueuedSpinLock(&lockHandle);

    return count;
}


_Use_decl_annotations_
VOID
LgWatchdogDpc(
    PKDPC Dpc,
    PVOID DeferredContext,
    PVOID SystemArgument1,
    PVOID SystemArgument2
    )
{
    PLG_GLOBALS globals = (PLG_GLOBALS)DeferredContext;
    ULONG64 now = KeQueryInterruptTime();
    ULONG64 lastPing = (ULONG64)InterlockedCompareExchange64(&globals->LastPing, 0, 0);
    ULONG64 limit = (ULONG64)globals->Config.TimeoutSeconds * 10 * 1000 * 1000;
    ULONG secondsLate;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    if (now - lastPing > limit) {
        if (!globals->Missed) {
            secondsLate = (ULONG)((now - lastPing) / (10 * 1000 * 1000));
            globals->Missed = TRUE;
            LgRecordEvent(globals, LgEventMissed, secondsLate);
        }
    } else if (globals->Missed) {
        globals->Missed = FALSE;
        LgRecordEvent(globals, LgEventRecovered, 0);
    }
}


_Use_decl_annotations_
VOID
LgStartWatchdog(
    PLG_GLOBALS Globals
    )
{
    LARGE_INTEGER dueTime;

    PAGED_CODE();

    dueTime.QuadPart = -10000LL * LG_WATCHDOG_PERIOD_MS;

    (VOID)KeSetTimerEx(&Globals->WatchdogTimer,
                       dueTime,
                       LG_WATCHDOG_PERIOD_MS,
                       &Globals->WatchdogDpc);

    Globals->WatchdogStarted = TRUE;
}


_Use_decl_annotations_
VOID
LgStopWatchdog(
    PLG_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (!Globals->WatchdogStarted) {
        return;
    }

    (VOID)KeCancelTimer(&Globals->WatchdogTimer);
    KeFlushQueuedDpcs();

    Globals->WatchdogStarted = FALSE;
}
