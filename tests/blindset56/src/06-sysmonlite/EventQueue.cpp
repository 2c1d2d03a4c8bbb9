#include "EventQueue.h"

namespace sysmon {

KSPIN_LOCK            EventQueue::s_Lock;
LIST_ENTRY            EventQueue::s_Head;
ULONG                 EventQueue::s_Count;
NPAGED_LOOKASIDE_LIST EventQueue::s_Pool;
KEVENT                EventQueue::s_Ready;
Counters              EventQueue::s_Stats;

void EventQueue::Initialize()
{
    KeInitializeSpinLock(&s_Lock);
    InitializeListHead(&s_Head);
    KeInitializeEvent(&s_Ready, SynchronizationEvent, FALSE);
    s_Count = 0;
    RtlZeroMemory(&s_Stats, sizeof(s_Stats));

    ExInitializeNPagedLookasideList(&s_Pool, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(EventEntry), SML_TAG, 0);
}

void EventQueue::Destroy()
{
    while (auto e = Pop()) {
        Free(e);
    }
    ExDeleteNPagedLookasideList(&s_Pool);
}

EventEntry* EventQueue::Alloc()
{
    auto e = static_cast<EventEntry*>(ExAllocateFromNPagedLookasideList(&s_Pool));
    if (e == nullptr) {
        InterlockedIncrement(&s_Stats.Dropped);
        return nullptr;
    }
    RtlZeroMemory(e, sizeof(*e));
    KeQuerySystemTimePrecise(&e->Time);
    return e;
}

void EventQueue::Free(EventEntry* Entry)
{
    ExFreeToNPagedLookasideList(&s_Pool, Entry);
}

void EventQueue::Push(EventEntry* Entry)
{
    KIRQL irql;
    bool  queued = false;

    KeAcquireSpinLock(&s_Lock, &irql);
    if (s_Count < SML_QUEUE_LIMIT) {
        InsertTailList(&s_Head, &Entry->Link);
        s_Count++;
        queued = true;
    }
    KeReleaseSpinLock(&s_Lock, irql);

    if (queued) {
        InterlockedIncrement(&s_Stats.Pushed);
        KeSetEvent(&s_Ready, IO_NO_INCREMENT, FALSE);
    } else {
        InterlockedIncrement(&s_Stats.Dropped);
        Free(Entry);
    }
}

EventEntry* EventQueue::Pop()
{
    KIRQL       irql;
    EventEntry* e = nullptr;

    KeAcquireSpinLock(&s_Lock, &irql);
    if (!IsListEmpty(&s_Head)) {
        e = CONTAINING_RECORD(RemoveHeadList(&s_Head), EventEntry, Link);
        s_Count--;
    }
    KeReleaseSpinLock(&s_Lock, irql);

    return e;
}

} // namespace sysmon
