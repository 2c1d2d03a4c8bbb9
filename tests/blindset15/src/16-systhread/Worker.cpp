#include "Worker.h"

namespace pw {

NTSTATUS Worker::Start()
{
    KeInitializeSpinLock(&m_lock);
    InitializeListHead(&m_queue);
    KeInitializeSemaphore(&m_signal, 0, MAXLONG);
    m_stop = 0;
    m_pending = 0;
    m_thread = nullptr;

    KernelHandle thread;
    NTSTATUS status = PsCreateSystemThread(thread.Receive(), THREAD_ALL_ACCESS, nullptr, nullptr,
                                           nullptr, &Worker::ThreadProc, this);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(thread.Get(), SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&m_thread), nullptr);
    if (!NT_SUCCESS(status)) {
        InterlockedExchange(&m_stop, 1);
        KeReleaseSemaphore(&m_signal, IO_NO_INCREMENT, 1, FALSE);
        ZwWaitForSingleObject(thread.Get(), FALSE, nullptr);
        m_thread = nullptr;
        return status;
    }
    return STATUS_SUCCESS;
}

void Worker::Stop()
{
    if (m_thread == nullptr) {
        return;
    }

    InterlockedExchange(&m_stop, 1);
    KeReleaseSemaphore(&m_signal, IO_NO_INCREMENT, 1, FALSE);
    KeWaitForSingleObject(m_thread, Executive, KernelMode, FALSE, nullptr);
    ObDereferenceObject(m_thread);
    m_thread = nullptr;

    // Anything posted after the thread saw the stop flag is discarded here.
    for (WorkEntry* e = Pop(); e != nullptr; e = Pop()) {
        ExFreePoolWithTag(e, kTag);
    }
}

bool Worker::Post(ULONG pid, ULONG parent, bool create)
{
    if (m_stop != 0) {
        InterlockedIncrement(&m_dropped);
        return false;
    }
    if (InterlockedIncrement(&m_pending) > kMaxPending) {
        InterlockedDecrement(&m_pending);
        InterlockedIncrement(&m_dropped);
        return false;
    }

    auto* e = static_cast<WorkEntry*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(WorkEntry), kTag));
    if (e == nullptr) {
        InterlockedDecrement(&m_pending);
        InterlockedIncrement(&m_dropped);
        return false;
    }
    e->ProcessId = pid;
    e->ParentId = parent;
    e->Create = create;
    KeQuerySystemTimePrecise(&e->Time);

    KLOCK_QUEUE_HANDLE lh;
    KeAcquireInStackQueuedSpinLock(&m_lock, &lh);
    InsertTailList(&m_queue, &e->Link);
    KeReleaseInStackQueuedSpinLock(&lh);

    KeReleaseSemaphore(&m_signal, IO_NO_INCREMENT, 1, FALSE);
    return true;
}

WorkEntry* Worker::Pop()
{
    WorkEntry* e = nullptr;
    KLOCK_QUEUE_HANDLE lh;

    KeAcquireInStackQueuedSpinLock(&m_lock, &lh);
    if (!IsListEmpty(&m_queue)) {
        e = CONTAINING_RECORD(RemoveHeadList(&m_queue), WorkEntry, Link);
    }
    KeReleaseInStackQueuedSpinLock(&lh);
    return e;
}

void Worker::Handle(const WorkEntry& e)
{
    if (!e.Create) {
        KdPrint(("procwork: exit pid=%lu\n", e.ProcessId));
        return;
    }

    PEPROCESS process = nullptr;
    if (!NT_SUCCESS(PsLookupProcessByProcessId(ULongToHandle(e.ProcessId), &process))) {
        return;
    }

    PUNICODE_STRING image = nullptr;
    if (NT_SUCCESS(SeLocateProcessImageName(process, &image))) {
        KdPrint(("procwork: start pid=%lu parent=%lu %wZ\n", e.ProcessId, e.ParentId, image));
        ExFreePool(image);
    }
    ObDereferenceObject(process);
}

void Worker::Run()
{
    for (;;) {
        KeWaitForSingleObject(&m_signal, Executive, KernelMode, FALSE, nullptr);
        if (m_stop != 0) {
            break;
        }

        WorkEntry* e = Pop();
        if (e == nullptr) {
            continue;
        }
        InterlockedDecrement(&m_pending);
        Handle(*e);
        ExFreePoolWithTag(e, kTag);
        InterlockedIncrement(&m_processed);
    }
}

VOID Worker::ThreadProc(PVOID context)
{
    static_cast<Worker*>(context)->Run();
    PsTerminateSystemThread(STATUS_SUCCESS);
}

} // namespace pw
