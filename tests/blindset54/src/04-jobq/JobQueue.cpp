// JobQueue.cpp
#include "JobQueue.h"
#include "log.h"

namespace jq {

LIST_ENTRY            JobQueue::s_Queue;
KSPIN_LOCK            JobQueue::s_Lock;
LONG                  JobQueue::s_Queued;
KEVENT                JobQueue::s_WorkEvent;
KEVENT                JobQueue::s_StopEvent;
NPAGED_LOOKASIDE_LIST JobQueue::s_Lookaside;
PKTHREAD              JobQueue::s_Thread;
JQ_RESULT             JobQueue::s_Results[JQ_RESULT_SLOTS];

namespace {
    // small RAII wrapper, nothing fancy
    class SpinGuard {
    public:
        explicit SpinGuard(PKSPIN_LOCK l) : l_(l) { KeAcquireSpinLock(l_, &irql_); }
        ~SpinGuard() { KeReleaseSpinLock(l_, irql_); }
    private:
        PKSPIN_LOCK l_;
        KIRQL irql_;
    };
}

NTSTATUS JobQueue::Start()
{
    FuncEntry(TRACE_QUEUE);

    InitializeListHead(&s_Queue);
    KeInitializeSpinLock(&s_Lock);
    KeInitializeEvent(&s_WorkEvent, SynchronizationEvent, FALSE);
    KeInitializeEvent(&s_StopEvent, NotificationEvent, FALSE);
    RtlZeroMemory(s_Results, sizeof(s_Results));
    s_Queued = 0;

    ExInitializeNPagedLookasideList(&s_Lookaside, nullptr, nullptr,
                                    POOL_NX_ALLOCATION, sizeof(Job), JQ_TAG, 0);

    HANDLE hThread = nullptr;
    PsCreateSystemThread(&hThread, THREAD_ALL_ACCESS, nullptr, nullptr, nullptr,
                         Worker, nullptr);

    NTSTATUS status = ObReferenceObjectByHandle(hThread, THREAD_ALL_ACCESS, *PsThreadType,
                                               KernelMode,
                                               reinterpret_cast<PVOID*>(&s_Thread),
                                               nullptr);
    ZwClose(hThread);

    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "no worker thread 0x%08X", status);
        ExDeleteNPagedLookasideList(&s_Lookaside);
        return status;
    }

    FuncExit(TRACE_QUEUE, STATUS_SUCCESS);
    return STATUS_SUCCESS;
}

void JobQueue::FreePending()
{
    SpinGuard g(&s_Lock);
    while (!IsListEmpty(&s_Queue)) {
        auto job = CONTAINING_RECORD(RemoveHeadList(&s_Queue), Job, Link);
        ExFreeToNPagedLookasideList(&s_Lookaside, job);
        s_Queued--;
    }
}

void JobQueue::Stop()
{
    FuncEntry(TRACE_QUEUE);

    // the device is already gone so nobody can submit any more;
    // throw away what is still queued and release the list
    FreePending();
    ExDeleteNPagedLookasideList(&s_Lookaside);

    KeSetEvent(&s_StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(s_Thread, Executive, KernelMode, FALSE, nullptr);
    ObDereferenceObject(s_Thread);
    s_Thread = nullptr;

    FuncExit(TRACE_QUEUE, STATUS_SUCCESS);
}

NTSTATUS JobQueue::Submit(const JQ_REQUEST* req)
{
    if (req->Length > JQ_MAX_PAYLOAD) {
        return STATUS_INVALID_PARAMETER;
    }
    if (s_Queued >= JQ_MAX_QUEUED) {
        return STATUS_DEVICE_BUSY;
    }

    auto job = static_cast<Job*>(ExAllocateFromNPagedLookasideList(&s_Lookaside));
    if (!job) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    job->Req = *req;

    {
        SpinGuard g(&s_Lock);
        InsertTailList(&s_Queue, &job->Link);
        s_Queued++;
    }
    KeSetEvent(&s_WorkEvent, IO_NO_INCREMENT, FALSE);

    TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_QUEUE, "queued job %lu (%lu bytes)",
                req->JobId, req->Length);
    return STATUS_SUCCESS;
}

bool JobQueue::GetResult(ULONG jobId, JQ_RESULT* out)
{
    SpinGuard g(&s_Lock);
    auto& slot = s_Results[jobId % JQ_RESULT_SLOTS];
    if (!slot.Done || slot.JobId != jobId) {
        return false;
    }
    *out = slot;
    return true;
}

Job* JobQueue::Dequeue()
{
    SpinGuard g(&s_Lock);
    if (IsListEmpty(&s_Queue)) {
        return nullptr;
    }
    s_Queued--;
    return CONTAINING_RECORD(RemoveHeadList(&s_Queue), Job, Link);
}

ULONG JobQueue::Crc32(const UCHAR* p, ULONG len)
{
    ULONG crc = 0xFFFFFFFF;
    for (ULONG i = 0; i < len; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++) {
            crc = (crc >> 1) ^ (0xEDB88320 & (0 - (crc & 1)));
        }
    }
    return ~crc;
}

void JobQueue::Process(Job* job)
{
    JQ_RESULT r;
    r.JobId = job->Req.JobId;
    r.Crc32 = Crc32(job->Req.Data, job->Req.Length);
    r.Done  = 1;

    SpinGuard g(&s_Lock);
    s_Results[r.JobId % JQ_RESULT_SLOTS] = r;
}

void JobQueue::Worker(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    PVOID objects[2] = { &s_StopEvent, &s_WorkEvent };

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_WORKER, "worker up, tid %p", PsGetCurrentThreadId());

    for (;;) {
        auto st = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode,
                                           FALSE, nullptr, nullptr);
        if (st == STATUS_WAIT_0) {
            break;
        }

        Job* job;
        while ((job = Dequeue()) != nullptr) {
            Process(job);
            ExFreeToNPagedLookasideList(&s_Lookaside, job);
        }
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_WORKER, "%s", "worker exiting");
    PsTerminateSystemThread(STATUS_SUCCESS);
}

} // namespace jq
