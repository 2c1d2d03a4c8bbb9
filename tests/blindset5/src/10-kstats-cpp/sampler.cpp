// sampler.cpp - sampling thread and ring buffer.
#include "kstats.h"

void SampleRing::Push(const Sample& s)
{
    KIRQL irql;
    KeAcquireSpinLock(&m_Lock, &irql);
    m_Items[m_Head] = s;
    m_Head = (m_Head + 1) % KSTATS_RING_SIZE;
    if (m_Count < KSTATS_RING_SIZE) m_Count++;
    KeReleaseSpinLock(&m_Lock, irql);
}

ULONG SampleRing::Copy(Sample* out, ULONG max)
{
    KIRQL irql;
    ULONG n, i, start;

    KeAcquireSpinLock(&m_Lock, &irql);
    n = (m_Count < max) ? m_Count : max;
    start = (m_Head + KSTATS_RING_SIZE - n) % KSTATS_RING_SIZE;
    for (i = 0; i < n; i++) {
        out[i] = m_Items[(start + i) % KSTATS_RING_SIZE];
    }
    KeReleaseSpinLock(&m_Lock, irql);
    return n;
}

Sampler::Sampler(SampleRing* ring) : m_Ring(ring), m_Thread(nullptr)
{
    KeInitializeEvent(&m_StopEvent, NotificationEvent, FALSE);
}

Sampler::~Sampler()
{
    Stop();
}

BOOLEAN Sampler::Start()
{
    HANDLE h;
    NTSTATUS status = PsCreateSystemThread(&h, THREAD_ALL_ACCESS, nullptr, nullptr,
                                           nullptr, ThreadProc, this);
    if (!NT_SUCCESS(status)) {
        return FALSE;
    }

    status = ObReferenceObjectByHandle(h, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&m_Thread), nullptr);
    ZwClose(h);
    if (!NT_SUCCESS(status)) {
        // thread runs but we cannot wait for it: ask it to stop and give up
        KeSetEvent(&m_StopEvent, IO_NO_INCREMENT, FALSE);
        m_Thread = nullptr;
        return FALSE;
    }
    return TRUE;
}

void Sampler::Stop()
{
    if (m_Thread == nullptr) return;

    KeSetEvent(&m_StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(m_Thread, Executive, KernelMode, FALSE, nullptr);
    ObDereferenceObject(m_Thread);
    m_Thread = nullptr;
}

void Sampler::ThreadProc(PVOID context)
{
    static_cast<Sampler*>(context)->Run();
    PsTerminateSystemThread(STATUS_SUCCESS);
}

void Sampler::Run()
{
    LARGE_INTEGER period;
    period.QuadPart = -10LL * 1000 * 1000;   // 1 s

    for (;;) {
        NTSTATUS wait = KeWaitForSingleObject(&m_StopEvent, Executive, KernelMode,
                                              FALSE, &period);
        if (wait == STATUS_SUCCESS) break;

        ULONG cpus = KeQueryActiveProcessorCountEx(ALL_PROCESSOR_GROUPS);
        for (ULONG cpu = 0; cpu < cpus; cpu++) {
            Sample s = {};
            KeQuerySystemTimePrecise(&s.Time);
            s.Processor = cpu;
            s.InterruptTime = KeQueryInterruptTime();
            s.DpcTime = 0;
            m_Ring->Push(s);
        }
    }
}
