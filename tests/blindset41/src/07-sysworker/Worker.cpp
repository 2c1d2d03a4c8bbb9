#include "Worker.h"

PETHREAD      Worker::s_Thread = nullptr;
KEVENT        Worker::s_StopEvent;
KEVENT        Worker::s_WorkEvent;
LIST_ENTRY    Worker::s_Queue;
KSPIN_LOCK    Worker::s_QueueLock;
volatile LONG Worker::s_Processed = 0;
volatile LONG Worker::s_Pending = 0;

constexpr LONG kMaxPending = 256;

NTSTATUS Worker::Start()
{
    HANDLE rawHandle = nullptr;
    RETURN_IF_NT_FAILED(PsCreateSystemThread(&rawHandle,
                                             THREAD_ALL_ACCESS,
                                             nullptr,
                                             nullptr,
                                             nullptr,
                                             ThreadMain,
                                             nullptr));
    sw::UniqueHandle thread(rawHandle);

    // the new thread goes straight into its wait, so the queue and the
    // events only have to be ready before the first Post()
    InitializeListHead(&s_Queue);
    KeInitializeSpinLock(&s_QueueLock);
    KeInitializeEvent(&s_StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&s_WorkEvent, SynchronizationEvent, FALSE);

    if (auto status = ObReferenceObjectByHandle(thread.get(),
                                                SYNCHRONIZE,
                                                *PsThreadType,
                                                KernelMode,
                                                reinterpret_cast<PVOID*>(&s_Thread),
                                                nullptr);
        !NT_SUCCESS(status)) {
        SW_ERR("ObReferenceObjectByHandle 0x%08X", status);
        KeSetEvent(&s_StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread.get(), FALSE, nullptr);
        s_Thread = nullptr;
        return status;
    }

    SW_LOG("worker thread %p started", s_Thread);
    return STATUS_SUCCESS;
}

void Worker::Stop()
{
    if (s_Thread == nullptr) {
        return;
    }

    KeSetEvent(&s_StopEvent, IO_NO_INCREMENT, FALSE);

    ObDereferenceObject(s_Thread);
    s_Thread = nullptr;

    Drain();
    SW_LOG("worker stopped after %ld jobs", s_Processed);
}

bool Worker::Post(JobKind Kind, ULONG DelayMs, ULONG64 Cookie)
{
    if (InterlockedIncrement(&s_Pending) > kMaxPending) {
        InterlockedDecrement(&s_Pending);
        return false;
    }

    auto item = static_cast<WorkItem*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(WorkItem), SW_TAG));
    if (!item) {
        InterlockedDecrement(&s_Pending);
        return false;
    }
    item->Kind = Kind;
    item->DelayMs = DelayMs;
    item->Cookie = Cookie;

    ExInterlockedInsertTailList(&s_Queue, &item->Link, &s_QueueLock);
    KeSetEvent(&s_WorkEvent, IO_NO_INCREMENT, FALSE);
    return true;
}

WorkItem* Worker::Pop()
{
    PLIST_ENTRY link = ExInterlockedRemoveHeadList(&s_Queue, &s_QueueLock);
    if (link == nullptr) {
        return nullptr;
    }
    InterlockedDecrement(&s_Pending);
    return CONTAINING_RECORD(link, WorkItem, Link);
}

void Worker::Drain()
{
    while (auto item = Pop()) {
        ExFreePoolWithTag(item, SW_TAG);
    }
}

void Worker::Run(const WorkItem& Item)
{
    switch (Item.Kind) {
    case JobKind::Ping:
        SW_LOG("ping %I64x", Item.Cookie);
        break;

    case JobKind::Delay: {
        LARGE_INTEGER interval;
        interval.QuadPart = -10LL * 1000 * (Item.DelayMs > 5000 ? 5000 : Item.DelayMs);
        KeDelayExecutionThread(KernelMode, FALSE, &interval);
        SW_LOG("delayed job %I64x done (%lu ms)", Item.Cookie, Item.DelayMs);
        break;
    }

    default:
        SW_ERR("unknown job kind %lu", static_cast<ULONG>(Item.Kind));
        break;
    }
}

void Worker::ThreadMain(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);

    PVOID waitObjects[] = { &s_StopEvent, &s_WorkEvent };

    for (;;) {
        NTSTATUS wait = KeWaitForMultipleObjects(ARRAYSIZE(waitObjects),
                                                 waitObjects,
                                                 WaitAny,
                                                 Executive,
                                                 KernelMode,
                                                 FALSE,
                                                 nullptr,
                                                 nullptr);
        if (wait == STATUS_WAIT_0) {
            break;
        }

        while (auto item = Pop()) {
            Run(*item);
            ExFreePoolWithTag(item, SW_TAG);
            InterlockedIncrement(&s_Processed);

            if (KeReadStateEvent(&s_StopEvent)) {
                break;
            }
        }
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}
