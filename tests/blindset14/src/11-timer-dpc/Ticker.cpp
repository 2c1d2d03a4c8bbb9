// Ticker.cpp
#include "Ticker.h"

namespace tick {

KTIMER Ticker::s_Timer;
KDPC Ticker::s_Dpc;
PIO_WORKITEM Ticker::s_WorkItem;
KEVENT Ticker::s_WorkIdle;
KSPIN_LOCK Ticker::s_StatsLock;
Stats Ticker::s_Stats;
LARGE_INTEGER Ticker::s_LastDpc;
ULONG Ticker::s_PeriodMs = kDefaultPeriodMs;
volatile LONG Ticker::s_WorkQueued;
volatile LONG Ticker::s_Stopping;

NTSTATUS Ticker::Init(PDEVICE_OBJECT device, ULONG periodMs)
{
    s_WorkItem = IoAllocateWorkItem(device);
    if (s_WorkItem == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    s_PeriodMs = periodMs ? periodMs : kDefaultPeriodMs;
    s_Stopping = 0;
    s_WorkQueued = 0;
    RtlZeroMemory(&s_Stats, sizeof(s_Stats));

    KeInitializeSpinLock(&s_StatsLock);
    KeInitializeEvent(&s_WorkIdle, NotificationEvent, TRUE);
    KeInitializeDpc(&s_Dpc, &Ticker::OnDpc, nullptr);
    KeInitializeTimerEx(&s_Timer, NotificationTimer);
    return STATUS_SUCCESS;
}

void Ticker::Shutdown()
{
    // tell the DPC to stop queueing work...
    InterlockedExchange(&s_Stopping, 1);

    // ...and wait for the work item that may already be on its way
    KeWaitForSingleObject(&s_WorkIdle, Executive, KernelMode, FALSE, nullptr);

    if (s_WorkItem) {
        IoFreeWorkItem(s_WorkItem);
        s_WorkItem = nullptr;
    }
}

Stats Ticker::Snapshot()
{
    SpinGuard guard(s_StatsLock);
    return s_Stats;
}

void Ticker::OnDpc(PKDPC dpc, PVOID context, PVOID arg1, PVOID arg2)
{
    UNREFERENCED_PARAMETER(dpc);
    UNREFERENCED_PARAMETER(context);
    UNREFERENCED_PARAMETER(arg1);
    UNREFERENCED_PARAMETER(arg2);

    if (InterlockedCompareExchange(&s_Stopping, 0, 0)) {
        return;
    }

    {
        SpinGuard guard(s_StatsLock);
        s_Stats.Ticks++;
        KeQuerySystemTimePrecise(&s_LastDpc);
    }

    // one work item in flight at most
    if (InterlockedCompareExchange(&s_WorkQueued, 1, 0) != 0) {
        SpinGuard guard(s_StatsLock);
        s_Stats.Skipped++;
        return;
    }

    KeClearEvent(&s_WorkIdle);
    IoQueueWorkItem(s_WorkItem, &Ticker::OnWork, DelayedWorkQueue, nullptr);
}

void Ticker::OnWork(PDEVICE_OBJECT device, PVOID context)
{
    UNREFERENCED_PARAMETER(device);
    UNREFERENCED_PARAMETER(context);

    LARGE_INTEGER now;
    KeQuerySystemTimePrecise(&now);

    {
        SpinGuard guard(s_StatsLock);
        const LONG64 latency = now.QuadPart - s_LastDpc.QuadPart;
        if (latency > s_Stats.MaxLatency100ns) {
            s_Stats.MaxLatency100ns = latency;
        }
        s_Stats.WorkRuns++;
    }

    // passive level: the place for anything that may page or block
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "ticker: work run %llu\n", s_Stats.WorkRuns);

    InterlockedExchange(&s_WorkQueued, 0);
    KeSetEvent(&s_WorkIdle, IO_NO_INCREMENT, FALSE);
}

} // namespace tick
