// Ticker.h - timer -> DPC -> work item, the classic chain, wrapped in a class
#pragma once
#include <ntddk.h>

namespace tick {

constexpr ULONG kDefaultPeriodMs = 1000;

struct Stats {
    ULONG64 Ticks;          // DPC runs
    ULONG64 WorkRuns;       // work item runs
    ULONG64 Skipped;        // DPC found the work item still queued
    LONG64  MaxLatency100ns;
};

class SpinGuard {
public:
    explicit SpinGuard(KSPIN_LOCK& lock) : m_lock(lock) { KeAcquireSpinLock(&m_lock, &m_irql); }
    ~SpinGuard() { KeReleaseSpinLock(&m_lock, m_irql); }
    SpinGuard(const SpinGuard&) = delete;
    SpinGuard& operator=(const SpinGuard&) = delete;
private:
    KSPIN_LOCK& m_lock;
    KIRQL m_irql;
};

class Ticker {
public:
    static NTSTATUS Init(_In_ PDEVICE_OBJECT device, ULONG periodMs);
    static void Shutdown();

    static PKTIMER Timer() { return &s_Timer; }
    static PKDPC Dpc() { return &s_Dpc; }
    static ULONG PeriodMs() { return s_PeriodMs; }
    static Stats Snapshot();

private:
    static KDEFERRED_ROUTINE OnDpc;
    static IO_WORKITEM_ROUTINE OnWork;

    static KTIMER s_Timer;
    static KDPC s_Dpc;
    static PIO_WORKITEM s_WorkItem;
    static KEVENT s_WorkIdle;
    static KSPIN_LOCK s_StatsLock;
    static Stats s_Stats;
    static LARGE_INTEGER s_LastDpc;
    static ULONG s_PeriodMs;
    static volatile LONG s_WorkQueued;
    static volatile LONG s_Stopping;
};

} // namespace tick
