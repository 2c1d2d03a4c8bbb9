//
// sampler.cpp
//
#include "sampler.h"

NTSTATUS Sampler::Start(_In_ const SAMPLER_CONFIG* Config) noexcept
{
    OBJECT_ATTRIBUTES oa;

    m_Config = Config;
    m_Next = 0;
    m_Count = 0;
    RtlZeroMemory(m_Ring, sizeof(m_Ring));
    KeInitializeEvent(&m_StopEvent, NotificationEvent, FALSE);
    ExInitializeFastMutex(&m_Lock);

    InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);
    return PsCreateSystemThread(&m_Thread, THREAD_ALL_ACCESS, &oa,
                                nullptr, nullptr, &Sampler::ThreadMain, this);
}

void Sampler::Stop() noexcept
{
    if (m_Thread == nullptr) {
        return;
    }

    KeSetEvent(&m_StopEvent, IO_NO_INCREMENT, FALSE);
    ZwClose(m_Thread);
    m_Thread = nullptr;
}

void Sampler::ThreadMain(_In_ PVOID Context)
{
    static_cast<Sampler*>(Context)->Run();
    PsTerminateSystemThread(STATUS_SUCCESS);
}

void Sampler::Run() noexcept
{
    ULONG sinceReport = 0;

    KeSetPriorityThread(KeGetCurrentThread(), LOW_REALTIME_PRIORITY);

    for (;;) {
        const ULONGLONG period = static_cast<ULONGLONG>(m_Config->PeriodMs) * 10000;
        LARGE_INTEGER timeout;
        timeout.QuadPart = -static_cast<LONGLONG>(period);

        const ULONGLONG before = KeQueryInterruptTime();
        NTSTATUS status = KeWaitForSingleObject(&m_StopEvent, Executive, KernelMode, FALSE, &timeout);
        if (status != STATUS_TIMEOUT) {
            break;
        }

        const ULONGLONG elapsed = KeQueryInterruptTime() - before;
        Record(elapsed > period ? elapsed - period : 0);

        if (++sinceReport >= m_Config->ReportEvery) {
            SAMPLER_STATS s;
            Query(&s);
            KS_LOG("%lu samples, avg late %llu, max late %llu (100ns)",
                   s.Samples, s.AvgLateness100ns, s.MaxLateness100ns);
            sinceReport = 0;
        }
    }
}

void Sampler::Record(ULONGLONG Lateness) noexcept
{
    FastMutexGuard guard(&m_Lock);
    m_Ring[m_Next] = Lateness;
    m_Next = (m_Next + 1) % RingSize;
    if (m_Count < RingSize) {
        m_Count++;
    }
}

void Sampler::Query(_Out_ SAMPLER_STATS* Stats) noexcept
{
    ULONGLONG sum = 0, maxv = 0;

    FastMutexGuard guard(&m_Lock);
    for (ULONG i = 0; i < m_Count; i++) {
        sum += m_Ring[i];
        if (m_Ring[i] > maxv) {
            maxv = m_Ring[i];
        }
    }
    Stats->Samples = m_Count;
    Stats->AvgLateness100ns = m_Count ? sum / m_Count : 0;
    Stats->MaxLateness100ns = maxv;
}
