#pragma once
#include "KUtil.h"

struct SAMPLER_STATS {
    ULONGLONG Samples;
    ULONGLONG Dropped;
    ULONGLONG MinIntervalUs;
    ULONGLONG MaxIntervalUs;
    ULONGLONG LastInterruptTime;
    ULONG     Flushes;
};

//
// Sampler
//   periodic KTIMER -> DPC takes a sample from a lookaside list and queues it
//   worker system thread -> aggregates queued samples at PASSIVE_LEVEL
//   IO_WORKITEM (every FlushEvery ticks) -> publishes a stats snapshot
//
// Start() records every step it completes; Stop() undoes exactly those
// steps in reverse order and is used both for a failed Start() and unload.
//
class Sampler {
public:
    static constexpr LONG PeriodMs = 5;
    static constexpr LONG FlushEvery = 200;

    Sampler();
    ~Sampler();

    NTSTATUS Start(_In_ PDEVICE_OBJECT device);
    void Stop();
    void Query(_Out_ SAMPLER_STATS* out);

private:
    struct Sample {
        LIST_ENTRY Link;
        ULONGLONG  InterruptTime;
        ULONG      Processor;
    };

    enum : ULONG {
        StepLookaside = 0x1,
        StepWorkItem  = 0x2,
        StepThread    = 0x4,
        StepTimer     = 0x8,
    };

    static void TimerDpc(PKDPC dpc, PVOID context, PVOID arg1, PVOID arg2);
    static void WorkerThread(PVOID context);
    static void FlushWorkItem(PDEVICE_OBJECT device, PVOID context);

    void DrainQueue();

    ULONG             m_steps;
    volatile LONG     m_stopping;

    LOOKASIDE_LIST_EX m_lookaside;

    PIO_WORKITEM      m_workItem;
    volatile LONG     m_workQueued;
    EX_RUNDOWN_REF    m_workRundown;

    PETHREAD          m_thread;
    KEVENT            m_stopEvent;
    KEVENT            m_queueEvent;
    KSPIN_LOCK        m_queueLock;
    LIST_ENTRY        m_queue;

    KTIMER            m_timer;
    KDPC              m_dpc;
    volatile LONG     m_ticks;

    KSPIN_LOCK        m_statsLock;
    SAMPLER_STATS     m_stats;        // worker thread's running totals
    SAMPLER_STATS     m_published;    // snapshot handed to user mode
};
