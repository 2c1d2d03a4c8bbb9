#pragma once
#include "kcpp.h"

struct SAMPLER_CONFIG
{
    ULONG PeriodMs;
    ULONG ReportEvery;
};

struct SAMPLER_STATS
{
    ULONG     Samples;
    ULONGLONG AvgLateness100ns;
    ULONGLONG MaxLateness100ns;
};

//
// Sampler: a dedicated system thread that sleeps for PeriodMs and
// records how late it wakes up (scheduling latency).
//
// Lives as a global object; no constructor, call Start()/Stop().
//
class Sampler
{
public:
    NTSTATUS Start(_In_ const SAMPLER_CONFIG* Config) noexcept;
    void     Stop() noexcept;
    void     Query(_Out_ SAMPLER_STATS* Stats) noexcept;

private:
    static KSTART_ROUTINE ThreadMain;
    void Run() noexcept;
    void Record(ULONGLONG Lateness) noexcept;

    static constexpr ULONG RingSize = 512;

    const SAMPLER_CONFIG* m_Config;
    HANDLE                m_Thread;
    KEVENT                m_StopEvent;
    FAST_MUTEX            m_Lock;
    ULONGLONG             m_Ring[RingSize];
    ULONG                 m_Next;
    ULONG                 m_Count;
};
