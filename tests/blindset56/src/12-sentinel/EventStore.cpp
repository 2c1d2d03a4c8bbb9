#include "sentinel.h"

namespace sentinel {

KSPIN_LOCK            EventStore::s_Lock;
LIST_ENTRY            EventStore::s_List;
ULONG                 EventStore::s_Count;
NPAGED_LOOKASIDE_LIST EventStore::s_Lookaside;
volatile LONG         EventStore::s_Dropped;
volatile LONG         EventStore::s_Total;

void EventStore::Init()
{
    KeInitializeSpinLock(&s_Lock);
    InitializeListHead(&s_List);
    s_Count   = 0;
    s_Dropped = 0;
    s_Total   = 0;
    ExInitializeNPagedLookasideList(&s_Lookaside, nullptr, nullptr, POOL_NX_ALLOCATION,
                                    sizeof(Node), SENTINEL_TAG, 0);
}

void EventStore::Destroy()
{
    KIRQL irql;
    KeAcquireSpinLock(&s_Lock, &irql);
    while (!IsListEmpty(&s_List)) {
        auto node = CONTAINING_RECORD(RemoveHeadList(&s_List), Node, Link);
        ExFreeToNPagedLookasideList(&s_Lookaside, node);
    }
    s_Count = 0;
    KeReleaseSpinLock(&s_Lock, irql);

    ExDeleteNPagedLookasideList(&s_Lookaside);
}

EventRecord* EventStore::NewRecord(Kind Type, ULONG Pid, ULONG Related)
{
    auto node = static_cast<Node*>(ExAllocateFromNPagedLookasideList(&s_Lookaside));
    if (!node) {
        InterlockedIncrement(&s_Dropped);
        return nullptr;
    }
    RtlZeroMemory(node, sizeof(*node));
    node->Record.Type      = Type;
    node->Record.ProcessId = Pid;
    node->Record.Related   = Related;
    KeQuerySystemTimePrecise(&node->Record.Time);
    return &node->Record;
}

void EventStore::Commit(EventRecord* Record)
{
    auto node = CONTAINING_RECORD(Record, Node, Record);
    Node* evicted = nullptr;
    KIRQL irql;

    KeAcquireSpinLock(&s_Lock, &irql);
    if (s_Count >= SENTINEL_MAX_EVENTS) {
        evicted = CONTAINING_RECORD(RemoveHeadList(&s_List), Node, Link);
        s_Count--;
    }
    InsertTailList(&s_List, &node->Link);
    s_Count++;
    KeReleaseSpinLock(&s_Lock, irql);

    InterlockedIncrement(&s_Total);
    if (evicted) {
        InterlockedIncrement(&s_Dropped);
        ExFreeToNPagedLookasideList(&s_Lookaside, evicted);
    }
}

ULONG EventStore::Read(EventRecord* Out, ULONG Max)
{
    ULONG n = 0;
    KIRQL irql;

    KeAcquireSpinLock(&s_Lock, &irql);
    while (n < Max && !IsListEmpty(&s_List)) {
        auto node = CONTAINING_RECORD(RemoveHeadList(&s_List), Node, Link);
        s_Count--;
        RtlCopyMemory(&Out[n++], &node->Record, sizeof(EventRecord));
        ExFreeToNPagedLookasideList(&s_Lookaside, node);
    }
    KeReleaseSpinLock(&s_Lock, irql);

    return n;
}

void EventStore::GetStats(Stats* Out)
{
    KIRQL irql;
    KeAcquireSpinLock(&s_Lock, &irql);
    Out->Queued = s_Count;
    KeReleaseSpinLock(&s_Lock, irql);
    Out->Dropped = static_cast<ULONG>(s_Dropped);
    Out->Total   = static_cast<ULONG>(s_Total);
}

} // namespace sentinel
