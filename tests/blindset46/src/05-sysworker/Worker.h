#pragma once
#include "kcpp.h"

#define SW_TAG          'krWS'
#define SW_PREFIX       "sysworker: "
#define SW_DEFAULT_MS   2000

namespace sw {

struct WorkerStats {
    ULONG     Sweeps;
    ULONG     Kicks;
    ULONGLONG LastSweepTime;
    ULONG     Processors;
};

class Worker {
public:
    NTSTATUS Start(ULONG periodMs);
    void Stop();

    void Kick() { KeSetEvent(&m_Kick, IO_NO_INCREMENT, FALSE); }
    void GetStats(WorkerStats* stats);

private:
    static KSTART_ROUTINE ThreadStart;
    void Run();
    void Sweep(bool kicked);

    KEVENT    m_Stop;
    KEVENT    m_Kick;
    PETHREAD  m_Thread;
    ULONG     m_PeriodMs;
    FAST_MUTEX m_StatsLock;
    WorkerStats m_Stats;
};

} // namespace sw
