//
// EventQueue.cpp - fixed ring of TI_EVENTs, oldest entries are overwritten.
// A periodic DPC drops a heartbeat record in so the agent can tell "quiet"
// from "driver wedged".
//
#include "EventQueue.h"

namespace ti {

TI_EVENT*     EventQueue::s_Ring;
ULONG         EventQueue::s_Capacity;
ULONG         EventQueue::s_Head;
ULONG         EventQueue::s_Count;
ULONG         EventQueue::s_Dropped;
volatile LONG EventQueue::s_Seq;
KSPIN_LOCK    EventQueue::s_Lock;
KTIMER        EventQueue::s_Timer;
KDPC          EventQueue::s_Dpc;

NTSTATUS EventQueue::Initialize(ULONG capacity)
{
    KeInitializeSpinLock(&s_Lock);
    KeInitializeTimerEx(&s_Timer, NotificationTimer);
    KeInitializeDpc(&s_Dpc, OnHeartbeat, nullptr);

    s_Ring = PoolAlloc<TI_EVENT>(capacity);
    if (s_Ring == nullptr) {
        TI_ERR("ring allocation (%u entries) failed", capacity);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    s_Capacity = capacity;
    s_Head = 0;
    s_Count = 0;
    s_Dropped = 0;
    s_Seq = 0;

    TI_INFO("ring ready, %u entries (%Iu bytes)", capacity, (SIZE_T)capacity * sizeof(TI_EVENT));
    return STATUS_SUCCESS;
}

void EventQueue::StartHeartbeat(ULONG periodMs)
{
    LARGE_INTEGER due;
    due.QuadPart = -10000LL * periodMs;
    KeSetTimerEx(&s_Timer, due, (LONG)periodMs, &s_Dpc);
}

void EventQueue::Destroy()
{
    TI_EVENT* ring;

    // the heartbeat only touches the ring under s_Lock and bails out when
    // s_Ring is null, so detaching the ring here is all it takes
    {
        SpinGuard guard(&s_Lock);
        ring = s_Ring;
        s_Ring = nullptr;
        s_Count = 0;
        s_Head = 0;
    }

    PoolFree(ring);
}

void EventQueue::Push(TI_EVENT& ev)
{
    ev.Seq = (ULONG)InterlockedIncrement(&s_Seq);

    LARGE_INTEGER now;
    KeQuerySystemTimePrecise(&now);
    ev.Time = now.QuadPart;

    SpinGuard guard(&s_Lock);
    if (s_Ring == nullptr) {
        return;
    }

    ULONG slot = (s_Head + s_Count) % s_Capacity;
    if (s_Count == s_Capacity) {
        // full: overwrite the oldest
        s_Head = (s_Head + 1) % s_Capacity;
        s_Dropped++;
    } else {
        s_Count++;
    }
    s_Ring[slot] = ev;
}

ULONG EventQueue::Pop(TI_EVENT* out, ULONG max)
{
    ULONG n = 0;

    SpinGuard guard(&s_Lock);
    if (s_Ring == nullptr) {
        return 0;
    }
    while (n < max && s_Count > 0) {
        out[n++] = s_Ring[s_Head];
        s_Head = (s_Head + 1) % s_Capacity;
        s_Count--;
    }
    return n;
}

void EventQueue::Stats(TI_STATS* stats)
{
    SpinGuard guard(&s_Lock);
    stats->Capacity = s_Capacity;
    stats->Queued = s_Count;
    stats->Dropped = s_Dropped;
}

void EventQueue::OnHeartbeat(PKDPC Dpc, PVOID DeferredContext, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeferredContext);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);

    TI_EVENT hb = {};
    hb.Kind = TiHeartbeat;
    hb.Value = s_Dropped;
    Push(hb);
}

} // namespace ti
