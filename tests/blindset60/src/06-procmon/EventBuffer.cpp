/*
 * EventBuffer.cpp - bounded event FIFO backed by a lookaside list
 */
#include "Driver.h"
#include "EventBuffer.tmh"

using namespace pm;

LOOKASIDE_LIST_EX EventBuffer::s_Lookaside;
LIST_ENTRY        EventBuffer::s_Head;
KSPIN_LOCK        EventBuffer::s_Lock;
ULONG             EventBuffer::s_Count   = 0;
ULONG             EventBuffer::s_Max     = 0;
ULONG             EventBuffer::s_Dropped = 0;

NTSTATUS EventBuffer::Initialize(ULONG maxEvents)
{
    InitializeListHead(&s_Head);
    KeInitializeSpinLock(&s_Lock);
    s_Count   = 0;
    s_Dropped = 0;
    s_Max     = maxEvents;

    NTSTATUS status = ExInitializeLookasideListEx(&s_Lookaside,
                                                  nullptr,
                                                  nullptr,
                                                  NonPagedPoolNx,
                                                  0,
                                                  sizeof(EventNode),
                                                  PM_TAG,
                                                  0);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "ExInitializeLookasideListEx failed %!STATUS!", status);
    }
    return status;
}

void EventBuffer::Destroy()
{
    KIRQL irql;

    KeAcquireSpinLock(&s_Lock, &irql);
    while (!IsListEmpty(&s_Head)) {
        auto entry = RemoveHeadList(&s_Head);
        ExFreeToLookasideListEx(&s_Lookaside, CONTAINING_RECORD(entry, EventNode, Link));
    }
    s_Count = 0;
    KeReleaseSpinLock(&s_Lock, irql);

    ExDeleteLookasideListEx(&s_Lookaside);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "event buffer gone, %u dropped in total", s_Dropped);
}

void EventBuffer::Push(const PM_EVENT& ev)
{
    auto node = static_cast<EventNode*>(ExAllocateFromLookasideListEx(&s_Lookaside));
    if (node == nullptr) {
        InterlockedIncrement(reinterpret_cast<volatile LONG*>(&s_Dropped));
        return;
    }
    node->Event = ev;

    EventNode* victim = nullptr;
    KIRQL irql;

    KeAcquireSpinLock(&s_Lock, &irql);
    if (s_Count >= s_Max) {
        // full: throw away the oldest
        victim = CONTAINING_RECORD(RemoveHeadList(&s_Head), EventNode, Link);
        s_Count--;
        s_Dropped++;
    }
    InsertTailList(&s_Head, &node->Link);
    s_Count++;
    KeReleaseSpinLock(&s_Lock, irql);

    if (victim != nullptr) {
        ExFreeToLookasideListEx(&s_Lookaside, victim);
    }
}

ULONG EventBuffer::Pop(PM_EVENT* out, ULONG maxCount)
{
    ULONG n = 0;
    KIRQL irql;

    KeAcquireSpinLock(&s_Lock, &irql);
    while (n < maxCount && !IsListEmpty(&s_Head)) {
        auto node = CONTAINING_RECORD(RemoveHeadList(&s_Head), EventNode, Link);
        s_Count--;
        out[n++] = node->Event;
        ExFreeToLookasideListEx(&s_Lookaside, node);
    }
    KeReleaseSpinLock(&s_Lock, irql);

    return n;
}
