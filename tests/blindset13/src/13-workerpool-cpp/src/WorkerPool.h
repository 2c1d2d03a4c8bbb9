#pragma once
#include "kcpp.h"

namespace wp {

enum class PoolFlags : ULONG {
    None        = 0,
    Initialized = 1 << 0,
    Running     = 1 << 1,
    Stopping    = 1 << 2,
};
KCPP_FLAG_OPS(PoolFlags)

struct Job {
    LIST_ENTRY Link;
    ULONG Kind;
    ULONG Argument;
};

void RunJob(const Job& job);

// N system threads pulling jobs off one queue.
template <ULONG N>
class WorkerPool {
public:
    WorkerPool() = default;
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;
    ~WorkerPool() { Stop(); }

    NTSTATUS Start()
    {
        KeInitializeEvent(&m_stop, NotificationEvent, FALSE);
        KeInitializeSemaphore(&m_pending, 0, MAXLONG);
        KeInitializeSpinLock(&m_lock);
        InitializeListHead(&m_queue);
        m_flags |= PoolFlags::Initialized;

        OBJECT_ATTRIBUTES oa;
        InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);

        for (ULONG i = 0; i < N; ++i) {
            NTSTATUS status = PsCreateSystemThread(&m_threads[i], SYNCHRONIZE, &oa,
                                                   nullptr, nullptr, &WorkerPool::ThreadMain, this);
            if (!NT_SUCCESS(status)) {
                // stop the ones already running before reporting failure
                Stop();
                return status;
            }
            m_started = i + 1;
        }
        m_flags |= PoolFlags::Running;
        return STATUS_SUCCESS;
    }

    void Stop()
    {
        if (!Any(m_flags & PoolFlags::Initialized)) {
            return;
        }
        m_flags |= PoolFlags::Stopping;
        KeSetEvent(&m_stop, IO_NO_INCREMENT, FALSE);

        for (ULONG i = 0; i < m_started; ++i) {
            ZwWaitForSingleObject(m_threads[i], FALSE, nullptr);
            ZwClose(m_threads[i]);
            m_threads[i] = nullptr;
        }
        m_started = 0;

        // jobs nobody got to
        while (Job* job = Pop()) {
            delete job;
        }
        m_flags = PoolFlags::None;
    }

    bool Submit(ULONG kind, ULONG argument)
    {
        if (!Any(m_flags & PoolFlags::Running) || Any(m_flags & PoolFlags::Stopping)) {
            return false;
        }
        auto job = new (POOL_FLAG_NON_PAGED) Job{};
        if (job == nullptr) {
            return false;
        }
        job->Kind = kind;
        job->Argument = argument;
        ExInterlockedInsertTailList(&m_queue, &job->Link, &m_lock);
        KeReleaseSemaphore(&m_pending, IO_NO_INCREMENT, 1, FALSE);
        return true;
    }

    LONG Completed() const { return m_completed; }

private:
    Job* Pop()
    {
        PLIST_ENTRY e = ExInterlockedRemoveHeadList(&m_queue, &m_lock);
        return e ? CONTAINING_RECORD(e, Job, Link) : nullptr;
    }

    static void ThreadMain(PVOID context)
    {
        auto self = static_cast<WorkerPool*>(context);
        PVOID objects[] = { &self->m_stop, &self->m_pending };

        for (;;) {
            NTSTATUS w = KeWaitForMultipleObjects(ARRAYSIZE(objects), objects, WaitAny,
                                                  Executive, KernelMode, FALSE, nullptr, nullptr);
            if (w == STATUS_WAIT_0) {
                break;
            }
            if (Job* job = self->Pop()) {
                RunJob(*job);
                delete job;
                InterlockedIncrement(&self->m_completed);
            }
        }
        PsTerminateSystemThread(STATUS_SUCCESS);
    }

    HANDLE m_threads[N] = {};
    ULONG m_started = 0;
    PoolFlags m_flags = PoolFlags::None;
    volatile LONG m_completed = 0;
    KEVENT m_stop;
    KSEMAPHORE m_pending;
    KSPIN_LOCK m_lock;
    LIST_ENTRY m_queue;
};

} // namespace wp
