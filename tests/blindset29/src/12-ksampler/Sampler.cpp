#include "Sampler.h"

Sampler::Sampler()
    : m_steps(0), m_stopping(0), m_workItem(nullptr), m_workQueued(0),
      m_thread(nullptr), m_ticks(0), m_stats{}, m_published{}
{
    ExInitializeRundownProtection(&m_workRundown);
    KeInitializeEvent(&m_stopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&m_queueEvent, SynchronizationEvent, FALSE);
    KeInitializeSpinLock(&m_queueLock);
    KeInitializeSpinLock(&m_statsLock);
    InitializeListHead(&m_queue);
    m_stats.MinIntervalUs = MAXULONGLONG;
}

Sampler::~Sampler()
{
    NT_ASSERT(m_steps == 0);
}

NTSTATUS Sampler::Start(PDEVICE_OBJECT device)
{
    NTSTATUS status = ExInitializeLookasideListEx(&m_lookaside, nullptr, nullptr, NonPagedPoolNx,
                                                  0, sizeof(Sample), KS_TAG, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    m_steps |= StepLookaside;

    m_workItem = IoAllocateWorkItem(device);
    if (m_workItem == nullptr) {
        Stop();
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    m_steps |= StepWorkItem;

    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);

    HANDLE threadHandle = nullptr;
    status = PsCreateSystemThread(&threadHandle, THREAD_ALL_ACCESS, &oa, nullptr, nullptr, WorkerThread, this);
    if (!NT_SUCCESS(status)) {
        Stop();
        return status;
    }

    status = ObReferenceObjectByHandle(threadHandle, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&m_thread), nullptr);
    if (!NT_SUCCESS(status)) {
        // no object pointer to wait on later: stop the thread now through its handle
        KeSetEvent(&m_stopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(threadHandle, FALSE, nullptr);
        ZwClose(threadHandle);
        m_thread = nullptr;
        Stop();
        return status;
    }
    ZwClose(threadHandle);
    m_steps |= StepThread;

    KeInitializeDpc(&m_dpc, TimerDpc, this);
    KeInitializeTimerEx(&m_timer, NotificationTimer);

    LARGE_INTEGER due;
    due.QuadPart = -10LL * 1000 * PeriodMs;
    KeSetTimerEx(&m_timer, due, PeriodMs, &m_dpc);
    m_steps |= StepTimer;

    return STATUS_SUCCESS;
}

void Sampler::Stop()
{
    InterlockedExchange(&m_stopping, 1);

    if (m_steps & StepTimer) {
        KeCancelTimer(&m_timer);
        // a DPC already running on another processor may still queue work
        KeFlushQueuedDpcs();
        m_steps &= ~StepTimer;
    }

    // no DPC can start a flush any more; wait for one that is queued or running
    ExWaitForRundownProtectionRelease(&m_workRundown);

    if (m_steps & StepThread) {
        KeSetEvent(&m_stopEvent, IO_NO_INCREMENT, FALSE);
        KeWaitForSingleObject(m_thread, Executive, KernelMode, FALSE, nullptr);
        ObDereferenceObject(m_thread);
        m_thread = nullptr;
        m_steps &= ~StepThread;
    }

    if (m_steps & StepWorkItem) {
        IoFreeWorkItem(m_workItem);
        m_workItem = nullptr;
        m_steps &= ~StepWorkItem;
    }

    if (m_steps & StepLookaside) {
        DrainQueue();       // samples queued after the worker exited
        ExDeleteLookasideListEx(&m_lookaside);
        m_steps &= ~StepLookaside;
    }
}

void Sampler::Query(SAMPLER_STATS* out)
{
    kutil::SpinLockGuard lock(&m_statsLock);
    *out = m_published;
}

void Sampler::TimerDpc(PKDPC, PVOID context, PVOID, PVOID)
{
    auto self = static_cast<Sampler*>(context);

    if (self->m_stopping) {
        return;
    }

    auto sample = static_cast<Sample*>(ExAllocateFromLookasideListEx(&self->m_lookaside));
    if (sample != nullptr) {
        sample->InterruptTime = KeQueryInterruptTime();
        sample->Processor = KeGetCurrentProcessorNumberEx(nullptr);
        {
            kutil::DpcSpinLockGuard lock(&self->m_queueLock);
            InsertTailList(&self->m_queue, &sample->Link);
        }
        KeSetEvent(&self->m_queueEvent, IO_NO_INCREMENT, FALSE);
    } else {
        kutil::DpcSpinLockGuard lock(&self->m_statsLock);
        self->m_stats.Dropped++;
    }

    if ((InterlockedIncrement(&self->m_ticks) % FlushEvery) != 0) {
        return;
    }
    if (InterlockedCompareExchange(&self->m_workQueued, 1, 0) != 0) {
        return;     // previous flush still pending
    }
    if (ExAcquireRundownProtection(&self->m_workRundown)) {
        IoQueueWorkItem(self->m_workItem, FlushWorkItem, DelayedWorkQueue, self);
    } else {
        InterlockedExchange(&self->m_workQueued, 0);
    }
}

void Sampler::FlushWorkItem(PDEVICE_OBJECT, PVOID context)
{
    auto self = static_cast<Sampler*>(context);
    {
        kutil::SpinLockGuard lock(&self->m_statsLock);
        self->m_stats.Flushes++;
        self->m_published = self->m_stats;
    }
    InterlockedExchange(&self->m_workQueued, 0);
    ExReleaseRundownProtection(&self->m_workRundown);
}

void Sampler::WorkerThread(PVOID context)
{
    auto self = static_cast<Sampler*>(context);
    PVOID objects[2] = { &self->m_stopEvent, &self->m_queueEvent };

    for (;;) {
        NTSTATUS status = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode,
                                                   FALSE, nullptr, nullptr);
        self->DrainQueue();
        if (status == STATUS_WAIT_0) {
            break;
        }
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

void Sampler::DrainQueue()
{
    for (;;) {
        Sample* sample = nullptr;
        {
            kutil::SpinLockGuard lock(&m_queueLock);
            if (!IsListEmpty(&m_queue)) {
                sample = CONTAINING_RECORD(RemoveHeadList(&m_queue), Sample, Link);
            }
        }
        if (sample == nullptr) {
            break;
        }

        {
            kutil::SpinLockGuard lock(&m_statsLock);
            if (m_stats.LastInterruptTime != 0 && sample->InterruptTime > m_stats.LastInterruptTime) {
                ULONGLONG us = (sample->InterruptTime - m_stats.LastInterruptTime) / 10;
                if (us < m_stats.MinIntervalUs) m_stats.MinIntervalUs = us;
                if (us > m_stats.MaxIntervalUs) m_stats.MaxIntervalUs = us;
            }
            m_stats.LastInterruptTime = sample->InterruptTime;
            m_stats.Samples++;
        }
        ExFreeToLookasideListEx(&m_lookaside, sample);
    }
}
