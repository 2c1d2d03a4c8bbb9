// Worker.cpp
#include "Worker.h"

void operator delete(void* p, size_t)
{
    if (p) {
        ExFreePoolWithTag(p, kPoolTag);
    }
}

void operator delete(void* p)
{
    if (p) {
        ExFreePoolWithTag(p, kPoolTag);
    }
}

Worker::Worker()
{
    KeInitializeEvent(&m_stopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&m_workEvent, SynchronizationEvent, FALSE);
    KeInitializeSpinLock(&m_lock);
    InitializeListHead(&m_jobs);
    m_thread = nullptr;
    m_processed = 0;
}

// Drops whatever is still queued.
Worker::~Worker()
{
    Job* job;
    while ((job = PopJob()) != nullptr) {
        delete job;
    }
}

NTSTATUS Worker::Start()
{
    HANDLE h = nullptr;
    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);

    auto status = PsCreateSystemThread(&h, THREAD_ALL_ACCESS, &oa, nullptr, nullptr,
                                       ThreadMain, this);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    // keep a referenced pointer so Stop() can wait on it, drop the handle
    status = ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&m_thread), nullptr);
    if (!NT_SUCCESS(status)) {
        // cannot wait for it without the object; tell it to go and let it exit alone
        KeSetEvent(&m_stopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(h, FALSE, nullptr);
        ZwClose(h);
        return status;
    }
    ZwClose(h);
    return STATUS_SUCCESS;
}

void Worker::Stop()
{
    if (m_thread == nullptr) {
        return;
    }
    KeSetEvent(&m_stopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(m_thread, Executive, KernelMode, FALSE, nullptr);
    ObDereferenceObject(m_thread);
    m_thread = nullptr;
}

bool Worker::Post(const JobRequest& req)
{
    auto job = new (NonPagedPoolNx) Job;
    if (job == nullptr) {
        return false;
    }
    job->Req = req;

    KIRQL irql;
    KeAcquireSpinLock(&m_lock, &irql);
    InsertTailList(&m_jobs, &job->Link);
    KeReleaseSpinLock(&m_lock, irql);

    KeSetEvent(&m_workEvent, IO_NO_INCREMENT, FALSE);
    return true;
}

Worker::Job* Worker::PopJob()
{
    Job* job = nullptr;
    KIRQL irql;
    KeAcquireSpinLock(&m_lock, &irql);
    if (!IsListEmpty(&m_jobs)) {
        job = CONTAINING_RECORD(RemoveHeadList(&m_jobs), Job, Link);
    }
    KeReleaseSpinLock(&m_lock, irql);
    return job;
}

VOID Worker::ThreadMain(PVOID context)
{
    static_cast<Worker*>(context)->Run();
    PsTerminateSystemThread(STATUS_SUCCESS);
}

void Worker::Run()
{
    PVOID objects[] = { &m_stopEvent, &m_workEvent };

    for (;;) {
        auto wait = KeWaitForMultipleObjects(ARRAYSIZE(objects), objects, WaitAny, Executive,
                                             KernelMode, FALSE, nullptr, nullptr);
        if (wait == STATUS_WAIT_0) {
            break;
        }

        Job* job;
        while ((job = PopJob()) != nullptr) {
            Execute(job->Req);
            delete job;
            InterlockedIncrement(&m_processed);
        }
    }
    KdPrint(("tworker: thread exiting after %ld jobs\n", m_processed));
}

void Worker::Execute(const JobRequest& job)
{
    switch (job.Kind) {
    case JobKind::Log:
        KdPrint(("tworker: log job %lu\n", job.Arg));
        break;

    case JobKind::Sum: {
        ULONG64 sum = 0;
        for (ULONG i = 0; i <= job.Arg; ++i) {
            sum += i;
        }
        KdPrint(("tworker: sum 0..%lu = %llu\n", job.Arg, sum));
        break;
    }

    case JobKind::Nap: {
        LARGE_INTEGER t;
        t.QuadPart = -10000LL * (job.Arg > 5000 ? 5000 : job.Arg);
        KeDelayExecutionThread(KernelMode, FALSE, &t);
        break;
    }

    default:
        KdPrint(("tworker: unknown job %lu\n", static_cast<ULONG>(job.Kind)));
        break;
    }
}
