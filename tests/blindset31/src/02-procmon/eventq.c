//
// eventq.c - bounded event queue shared by the notify callbacks
// and the IOCTL reader.
//
#include "procmon.h"

NTSTATUS
EvqInitialize(VOID)
{
    ExInitializeNPagedLookasideList(&g_Pm.EventLookaside,
                                    NULL,
                                    NULL,
                                    POOL_NX_ALLOCATION,
                                    sizeof(PM_EVENT),
                                    PM_TAG,
                                    0);
    InitializeListHead(&g_Pm.EventList);
    KeInitializeSpinLock(&g_Pm.EventLock);
    g_Pm.EventCount = 0;
    g_Pm.QueueReady = TRUE;
    return STATUS_SUCCESS;
}

PPM_EVENT
EvqAllocate(
    _In_ PM_EVENT_TYPE Type
    )
{
    PPM_EVENT ev = (PPM_EVENT)ExAllocateFromNPagedLookasideList(&g_Pm.EventLookaside);
    if (ev == NULL) {
        return NULL;
    }
    RtlZeroMemory(ev, sizeof(*ev));
    ev->Data.Type = Type;
    KeQuerySystemTimePrecise(&ev->Data.Time);
    return ev;
}

VOID
EvqPush(
    _In_ PPM_EVENT Event
    )
{
    KIRQL irql;
    PPM_EVENT dropped = NULL;

    KeAcquireSpinLock(&g_Pm.EventLock, &irql);
    if (g_Pm.EventCount >= PM_MAX_QUEUED) {
        // drop the oldest one
        PLIST_ENTRY old = RemoveHeadList(&g_Pm.EventList);
        dropped = CONTAINING_RECORD(old, PM_EVENT, Link);
        g_Pm.EventCount--;
    }
    InsertTailList(&g_Pm.EventList, &Event->Link);
    g_Pm.EventCount++;
    KeReleaseSpinLock(&g_Pm.EventLock, irql);

    if (dropped != NULL) {
        ExFreeToNPagedLookasideList(&g_Pm.EventLookaside, dropped);
    }
}

ULONG
EvqDrain(
    _Out_writes_(MaxEvents) PPM_EVENT_DATA Out,
    _In_ ULONG MaxEvents
    )
{
    ULONG n = 0;
    KIRQL irql;
    PPM_EVENT ev;

    while (n < MaxEvents) {
        KeAcquireSpinLock(&g_Pm.EventLock, &irql);
        if (IsListEmpty(&g_Pm.EventList)) {
            KeReleaseSpinLock(&g_Pm.EventLock, irql);
            break;
        }
        ev = CONTAINING_RECORD(RemoveHeadList(&g_Pm.EventList), PM_EVENT, Link);
        g_Pm.EventCount--;
        KeReleaseSpinLock(&g_Pm.EventLock, irql);

        Out[n++] = ev->Data;
        ExFreeToNPagedLookasideList(&g_Pm.EventLookaside, ev);
    }
    return n;
}

VOID
EvqShutdown(VOID)
{
    PLIST_ENTRY entry;

    if (!g_Pm.QueueReady) {
        return;
    }

    while (!IsListEmpty(&g_Pm.EventList)) {
        entry = RemoveHeadList(&g_Pm.EventList);
        ExFreeToNPagedLookasideList(&g_Pm.EventLookaside,
                                    CONTAINING_RECORD(entry, PM_EVENT, Link));
    }
    g_Pm.EventCount = 0;
    ExDeleteNPagedLookasideList(&g_Pm.EventLookaside);
    g_Pm.QueueReady = FALSE;
}
