/*
 * state.c - the reference-counted sample ring.
 */
#include "heartbeat.h"

NTSTATUS
HbStateCreate(_Outptr_ PHB_STATE *State)
{
    PHB_STATE state;

    state = (PHB_STATE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(HB_STATE), HB_TAG);
    if (state == NULL) {
        *State = NULL;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    state->RefCount = 1;                /* the driver's reference */
    KeInitializeEvent(&state->StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&state->ResumeEvent, NotificationEvent, TRUE);
    KeInitializeSpinLock(&state->RingLock);

    *State = state;
    return STATUS_SUCCESS;
}

VOID
HbStateReference(_In_ PHB_STATE State)
{
    LONG count = InterlockedIncrement(&State->RefCount);
    NT_ASSERT(count > 1);
    UNREFERENCED_PARAMETER(count);
}

VOID
HbStateDereference(_In_ PHB_STATE State)
{
    LONG count = InterlockedDecrement(&State->RefCount);

    NT_ASSERT(count >= 0);
    if (count == 0) {
        ExFreePoolWithTag(State, HB_TAG);
    }
}

VOID
HbStateAddSample(_In_ PHB_STATE State, _Out_ PHB_SAMPLE Copy)
{
    KIRQL irql;
    PHB_SAMPLE sample;

    KeAcquireSpinLock(&State->RingLock, &irql);
    sample = &State->Ring[State->Next];
    KeQuerySystemTimePrecise(&sample->Time);
    sample->InterruptTime = KeQueryInterruptTime();
    sample->Sequence = ++State->Sequence;
    sample->Flags = State->Resumed ? HB_SAMPLE_FLAG_AFTER_RESUME : 0;
    State->Resumed = FALSE;
    State->Next = (State->Next + 1) % HB_RING_SIZE;
    *Copy = *sample;
    KeReleaseSpinLock(&State->RingLock, irql);
}

BOOLEAN
HbStateGetLast(_In_ PHB_STATE State, _Out_ PHB_SAMPLE Sample)
{
    KIRQL irql;
    BOOLEAN any;

    KeAcquireSpinLock(&State->RingLock, &irql);
    any = (State->Sequence != 0);
    if (any) {
        *Sample = State->Ring[(State->Next + HB_RING_SIZE - 1) % HB_RING_SIZE];
    }
    KeReleaseSpinLock(&State->RingLock, irql);
    return any;
}
