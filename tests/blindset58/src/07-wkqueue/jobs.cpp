// jobs.cpp  --  the queue and the worker
#include "wkqueue.h"

namespace wkq {

PIO_WORKITEM  Queue::s_Item     = nullptr;
KSPIN_LOCK    Queue::s_Lock;
LIST_ENTRY    Queue::s_List;
ULONG         Queue::s_Pending  = 0;
BOOLEAN       Queue::s_Queued   = FALSE;
BOOLEAN       Queue::s_Stopping = FALSE;
KEVENT        Queue::s_Idle;
ULONG         Queue::s_NextId   = 1;
volatile LONG Queue::s_Done     = 0;

void Queue::Init(PIO_WORKITEM item)
{
    s_Item = item;
    KeInitializeSpinLock(&s_Lock);
    InitializeListHead(&s_List);
    // signaled == no worker queued or running
    KeInitializeEvent(&s_Idle, NotificationEvent, TRUE);
}

NTSTATUS Queue::Submit(ULONG op, ULONG arg, PULONG id)
{
    if (op != WkqOpSleep && op != WkqOpChecksum) {
        return STATUS_INVALID_PARAMETER;
    }

    auto job = static_cast<Job*>(ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(Job), WKQ_TAG));
    if (!job) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    job->Op  = op;
    job->Arg = arg;

    bool    kick = false;
    KIRQL   irql;
    NTSTATUS status = STATUS_SUCCESS;

    KeAcquireSpinLock(&s_Lock, &irql);
    if (s_Stopping) {
        status = STATUS_DELETE_PENDING;
    } else if (s_Pending >= WKQ_MAX_PENDING) {
        status = STATUS_DEVICE_BUSY;
    } else {
        job->Id = s_NextId++;
        *id = job->Id;
        InsertTailList(&s_List, &job->Link);
        s_Pending++;
        if (!s_Queued) {
            s_Queued = TRUE;
            KeClearEvent(&s_Idle);
            kick = true;
        }
    }
    KeReleaseSpinLock(&s_Lock, irql);

    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(job, WKQ_TAG);
        return status;
    }
    if (kick) {
        IoQueueWorkItem(s_Item, Worker, DelayedWorkQueue, nullptr);
    }
    return STATUS_SUCCESS;
}

void Queue::Run(Job* job)
{
    switch (job->Op) {
    case WkqOpSleep: {
        LARGE_INTEGER t;
        t.QuadPart = -10000LL * min(job->Arg, 5000UL);
        KeDelayExecutionThread(KernelMode, FALSE, &t);
        break;
    }
    case WkqOpChecksum: {
        ULONG len = min(job->Arg, 1UL << 20);
        auto  p   = static_cast<UCHAR*>(ExAllocatePoolWithTag(PagedPool, len ? len : 1, WKQ_TAG));
        if (p) {
            ULONG sum = 0;
            RtlFillMemory(p, len, 0x5A);
            for (ULONG i = 0; i < len; i++) sum += p[i];
            LOG("job %lu checksum %lu", job->Id, sum);
            ExFreePoolWithTag(p, WKQ_TAG);
        }
        break;
    }
    }
}

// PASSIVE_LEVEL, system worker thread
void Queue::Worker(PDEVICE_OBJECT, PVOID)
{
    for (;;) {
        KIRQL irql;
        Job*  job = nullptr;

        KeAcquireSpinLock(&s_Lock, &irql);
        if (IsListEmpty(&s_List)) {
            s_Queued = FALSE;
            KeSetEvent(&s_Idle, IO_NO_INCREMENT, FALSE);
            KeReleaseSpinLock(&s_Lock, irql);
            return;
        }
        job = CONTAINING_RECORD(RemoveHeadList(&s_List), Job, Link);
        s_Pending--;
        KeReleaseSpinLock(&s_Lock, irql);

        Run(job);
        InterlockedIncrement(&s_Done);
        ExFreePoolWithTag(job, WKQ_TAG);
    }
}

// Stop taking jobs and wait until the worker has emptied the list.
void Queue::Drain()
{
    KIRQL irql;

    KeAcquireSpinLock(&s_Lock, &irql);
    s_Stopping = TRUE;
    KeReleaseSpinLock(&s_Lock, irql);

    KeWaitForSingleObject(&s_Idle, Executive, KernelMode, FALSE, nullptr);
    LOG("drained, %ld jobs done", s_Done);
}

void Queue::Status(WKQ_STATUS_OUT* out)
{
    KIRQL irql;

    KeAcquireSpinLock(&s_Lock, &irql);
    out->Submitted = s_NextId - 1;
    out->Pending   = s_Pending;
    KeReleaseSpinLock(&s_Lock, irql);
    out->Done = static_cast<ULONG>(s_Done);
}

} // namespace wkq
