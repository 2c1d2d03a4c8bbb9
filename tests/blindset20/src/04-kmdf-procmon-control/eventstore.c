/*++

Copyright (c) Woodgrove Endpoint.  All rights reserved.

Module Name:

    eventstore.c

Abstract:

    Fixed-capacity, overwrite-oldest ring of PM_EVENT records.  Producers
    are the process/thread notify routines (PASSIVE or APC level); the
    consumer is the IOCTL path.

Environment:

    Kernel mode.

--*/

#include "pm.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PmEventStoreInitialize)
#pragma alloc_text(PAGE, PmEventStoreUninitialize)
#endif


_Use_decl_annotations_
NTSTATUS
PmEventStoreInitialize(
    PPM_EVENT_STORE Store,
    ULONG Capacity
    )
{
    SIZE_T bytes;

    PAGED_CODE();

    RtlZeroMemory(Store, sizeof(*Store));
    KeInitializeSpinLock(&Store->Lock);

    if (Capacity < PM_MIN_CAPACITY || Capacity > PM_MAX_CAPACITY) {
        return STATUS_INVALID_PARAMETER;
    }

    bytes = (SIZE_T)Capacity * sizeof(PM_EVENT);

    Store->Entries = (PPM_EVENT)ExAllocatePool2(POOL_FLAG_NON_PAGED, bytes, PM_RING_TAG);
    if (Store->Entries == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    Store->Capacity = Capacity;
    return STATUS_SUCCESS;
}


_Use_decl_annotations_
VOID
PmEventStoreUninitialize(
    PPM_EVENT_STORE Store
    )
{
    PAGED_CODE();

    if (Store->Entries != NULL) {
        ExFreePoolWithTag(Store->Entries, PM_RING_TAG);
        Store->Entries = NULL;
    }

    Store->Capacity = 0;
    Store->Count = 0;
    Store->Head = 0;
}


_Use_decl_annotations_
VOID
PmEventStorePush(
    PPM_EVENT_STORE Store,
    const PM_EVENT *Event
    )
{
    KIRQL oldIrql;

    KeAcquireSpinLock(&Store->Lock, &oldIrql);

    if (Store->Entries != NULL) {

        RtlCopyMemory(&Store->Entries[Store->Head], Event, sizeof(PM_EVENT));

        Store->Head = (Store->Head + 1) % Store->Capacity;

        if (Store->Count == Store->Capacity) {
            Store->Overwritten++;
        } else {
            Store->Count++;
        }

        Store->Recorded++;
    }

    KeReleaseSpinLock(&Store->Lock, oldIrql);
}


_Use_decl_annotations_
ULONG
PmEventStorePop(
    PPM_EVENT_STORE Store,
    PPM_EVENT Events,
    ULONG MaxEvents
    )
/*++

Routine Description:

    Removes up to MaxEvents of the oldest records, oldest first.

--*/
{
    KIRQL oldIrql;
    ULONG copied = 0;
    ULONG tail;

    KeAcquireSpinLock(&Store->Lock, &oldIrql);

    if (Store->Entries != NULL) {

        while (copied < MaxEvents && Store->Count != 0) {

            tail = (Store->Head + Store->Capacity - Store->Count) % Store->Capacity;

            RtlCopyMemory(&Events[copied], &Store->Entries[tail], sizeof(PM_EVENT));

            Store->Count--;
            copied++;
        }
    }

    KeReleaseSpinLock(&Store->Lock, oldIrql);

    return copied;
}


_Use_decl_annotations_
VOID
PmEventStoreQueryStats(
    PPM_EVENT_STORE Store,
    PPM_STATS Stats
    )
{
    KIRQL oldIrql;

    KeAcquireSpinLock(&Store->Lock, &oldIrql);

    Stats->Recorded = Store->Recorded;
    Stats->Overwritten = Store->Overwritten;
    Stats->Capacity = Store->Capacity;
    Stats->Pending = Store->Count;

    KeReleaseSpinLock(&Store->Lock, oldIrql);
}
