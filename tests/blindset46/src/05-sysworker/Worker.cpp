#include "Worker.h"

namespace sw {

NTSTATUS Worker::Start(ULONG periodMs)
{
    m_PeriodMs = periodMs ? periodMs : SW_DEFAULT_MS;
    m_Thread = nullptr;
    RtlZeroMemory(&m_Stats, sizeof(m_Stats));

    ExInitializeFastMutex(&m_StatsLock);
    KeInitializeEvent(&m_Stop, NotificationEvent, FALSE);
    KeInitializeEvent(&m_Kick, SynchronizationEvent, FALSE);

    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);

    HANDLE hThread = nullptr;
    auto status = PsCreateSystemThread(&hThread, THREAD_ALL_ACCESS, &oa,
                                       nullptr, nullptr, ThreadStart, this);
    if (!NT_SUCCESS(status)) {
        KdPrint((SW_PREFIX "PsCreateSystemThread failed 0x%X\n", status));
        return status;
    }

    // keep a pointer so Stop() can wait for the thread to exit
    ObReferenceObjectByHandle(hThread, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,
                              reinterpret_cast<PVOID*>(&m_Thread), nullptr);
    ZwClose(hThread);

    KdPrint((SW_PREFIX "worker started, period %u ms\n", m_PeriodMs));
    return STATUS_SUCCESS;
}

void Worker::Stop()
{
    KeSetEvent(&m_Stop, IO_NO_INCREMENT, FALSE);

    if (m_Thread) {
        KeWaitForSingleObject(m_Thread, Executive, KernelMode, FALSE, nullptr);
        m_Thread = nullptr;
    }

    KdPrint((SW_PREFIX "worker stopped after %u sweeps\n", m_Stats.Sweeps));
}

void Worker::GetStats(WorkerStats* stats)
{
    ExAcquireFastMutex(&m_StatsLock);
    *stats = m_Stats;
    ExReleaseFastMutex(&m_StatsLock);
}

void Worker::ThreadStart(PVOID Context)
{
    static_cast<Worker*>(Context)->Run();
    PsTerminateSystemThread(STATUS_SUCCESS);
}

void Worker::Run()
{
    PVOID objects[] = { &m_Stop, &m_Kick };
    LARGE_INTEGER timeout;
    timeout.QuadPart = -10000LL * m_PeriodMs;

    for (;;) {
        auto st = KeWaitForMultipleObjects(ARRAYSIZE(objects), objects, WaitAny,
                                           Executive, KernelMode, FALSE,
                                           &timeout, nullptr);
        if (st == STATUS_WAIT_0)
            break;                              // stop requested

        Sweep(st == STATUS_WAIT_1);             // kicked or timed out
    }
}

void Worker::Sweep(bool kicked)
{
    auto now = KeQueryInterruptTime();
    auto cpus = KeQueryActiveProcessorCountEx(ALL_PROCESSOR_GROUPS);

    ExAcquireFastMutex(&m_StatsLock);
    m_Stats.Sweeps++;
    if (kicked)
        m_Stats.Kicks++;
    m_Stats.LastSweepTime = now;
    m_Stats.Processors = cpus;
    ExReleaseFastMutex(&m_StatsLock);

    if ((m_Stats.Sweeps % 10) == 0 || kicked)
        KdPrint((SW_PREFIX "sweep #%u (%s)\n", m_Stats.Sweeps, kicked ? "kick" : "timer"));
}

} // namespace sw
