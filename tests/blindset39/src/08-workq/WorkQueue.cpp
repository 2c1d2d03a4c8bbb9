#include "WorkQueue.h"

volatile LONG WorkQueue::s_nextId = 0;

WorkQueue::WorkQueue()
    : m_stop(0), m_pending(0), m_thread(nullptr)
{
    InitializeListHead(&m_list);
    KeInitializeSpinLock(&m_lock);
    KeInitializeEvent(&m_wake, SynchronizationEvent, FALSE);
}

WorkQueue::~WorkQueue()
{
    Drain();
}

NTSTATUS WorkQueue::Start()
{
    HANDLE hThread = nullptr;
    OBJECT_ATTRIBUTES oa;

    InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);

    NTSTATUS status = PsCreateSystemThread(&hThread, THREAD_ALL_ACCESS, &oa,
                                           nullptr, nullptr, ThreadMain, this);
    if (!NT_SUCCESS(status))
        return status;

    status = ObReferenceObjectByHandle(hThread, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&m_thread), nullptr);
    if (!NT_SUCCESS(status)) {
        // can't keep a pointer - stop it and wait on the handle instead
        InterlockedExchange(&m_stop, 1);
        KeSetEvent(&m_wake, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(hThread, FALSE, nullptr);
        m_thread = nullptr;
    }

    ZwClose(hThread);
    return status;
}

void WorkQueue::Stop()
{
    InterlockedExchange(&m_stop, 1);
    KeSetEvent(&m_wake, IO_NO_INCREMENT, FALSE);

    if (m_thread) {
        ObDereferenceObject(m_thread);
        m_thread = nullptr;
    }

    Drain();
}

bool WorkQueue::Push(WORK_ROUTINE routine, ULONG_PTR param)
{
    if (m_stop)
        return false;

    auto item = new (POOL_FLAG_NON_PAGED) WorkItem;
    if (!item)
        return false;

    item->Routine = routine;
    item->Param = param;
    item->Id = NextId();

    KIRQL irql;
    KeAcquireSpinLock(&m_lock, &irql);
    InsertTailList(&m_list, &item->Link);
    m_pending++;
    KeReleaseSpinLock(&m_lock, irql);

    KeSetEvent(&m_wake, IO_NO_INCREMENT, FALSE);
    return true;
}

WorkItem* WorkQueue::Pop()
{
    WorkItem* item = nullptr;
    KIRQL irql;

    KeAcquireSpinLock(&m_lock, &irql);
    if (!IsListEmpty(&m_list)) {
        item = CONTAINING_RECORD(RemoveHeadList(&m_list), WorkItem, Link);
        m_pending--;
    }
    KeReleaseSpinLock(&m_lock, irql);
    return item;
}

void WorkQueue::Drain()
{
    WorkItem* item;
    while ((item = Pop()) != nullptr) {
        WQ_LOG("dropping item %u", item->Id);
        delete item;
    }
}

void WorkQueue::ThreadMain(PVOID ctx)
{
    static_cast<WorkQueue*>(ctx)->Run();
    PsTerminateSystemThread(STATUS_SUCCESS);
}

void WorkQueue::Run()
{
    WQ_LOG("worker up, tid %u", HandleToULong(PsGetCurrentThreadId()));

    for (;;) {
        KeWaitForSingleObject(&m_wake, Executive, KernelMode, FALSE, nullptr);

        WorkItem* item;
        while (!m_stop && (item = Pop()) != nullptr) {
            item->Routine(item->Param);
            delete item;
        }

        if (m_stop)
            break;
    }

    WQ_LOG("worker exiting");
}
