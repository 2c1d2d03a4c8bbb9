#include "worker.h"

void* __cdecl operator new(size_t size, POOL_TYPE type, ULONG tag)
{
#pragma warning(suppress: 4996)  // ExAllocatePoolWithTag is fine for this toy
    auto p = ExAllocatePoolWithTag(type, size, tag);
    if (p) {
        RtlZeroMemory(p, size);
    }
    return p;
}

void __cdecl operator delete(void* p, size_t)
{
    ExFreePoolWithTag(p, WT_TAG);
}

namespace wt {

Worker::Worker() : m_thread(nullptr), m_submitted(0), m_processed(0), m_checksum(0)
{
    KeInitializeEvent(&m_stop, NotificationEvent, FALSE);
    KeInitializeEvent(&m_wake, SynchronizationEvent, FALSE);
    KeInitializeSpinLock(&m_lock);
    InitializeListHead(&m_queue);
}

Worker::~Worker()
{
    // whatever is still queued goes back to pool
    while (auto item = Pop()) {
        ExFreePoolWithTag(item, WT_TAG);
    }
}

NTSTATUS Worker::Start()
{
    HANDLE handle = nullptr;
    auto status = PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, nullptr, nullptr, nullptr,
                                       ThreadMain, this);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(handle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&m_thread), nullptr);
    if (!NT_SUCCESS(status)) {
        // cannot keep a reference: stop it right away and wait on the handle instead
        KeSetEvent(&m_stop, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(handle, FALSE, nullptr);
        m_thread = nullptr;
    }
    ZwClose(handle);
    return status;
}

void Worker::Stop()
{
    if (!m_thread) {
        return;
    }
    KeSetEvent(&m_stop, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(m_thread, Executive, KernelMode, FALSE, nullptr);
    ObDereferenceObject(m_thread);
    m_thread = nullptr;
}

NTSTATUS Worker::Submit(ULONG value)
{
    auto item = static_cast<Item*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(Item), WT_TAG));
    if (!item) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    item->Value = value;

    KIRQL irql;
    KeAcquireSpinLock(&m_lock, &irql);
    InsertTailList(&m_queue, &item->Link);
    KeReleaseSpinLock(&m_lock, irql);

    InterlockedIncrement(&m_submitted);
    KeSetEvent(&m_wake, IO_NO_INCREMENT, FALSE);
    return STATUS_SUCCESS;
}

void Worker::GetStats(Stats* out) const
{
    out->Submitted = m_submitted;
    out->Processed = m_processed;
    out->Checksum = m_checksum;
}

Worker::Item* Worker::Pop()
{
    Item* item = nullptr;
    KIRQL irql;
    KeAcquireSpinLock(&m_lock, &irql);
    if (!IsListEmpty(&m_queue)) {
        item = CONTAINING_RECORD(RemoveHeadList(&m_queue), Item, Link);
    }
    KeReleaseSpinLock(&m_lock, irql);
    return item;
}

void Worker::ThreadMain(PVOID context)
{
    static_cast<Worker*>(context)->Run();
    PsTerminateSystemThread(STATUS_SUCCESS);
}

void Worker::Run()
{
    PVOID objects[] = { &m_stop, &m_wake };

    for (;;) {
        auto wait = KeWaitForMultipleObjects(RTL_NUMBER_OF(objects), objects, WaitAny, Executive,
                                             KernelMode, FALSE, nullptr, nullptr);
        if (wait == STATUS_WAIT_0) {
            break;
        }

        while (auto item = Pop()) {
            // "work": a rolling checksum, slow on purpose
            m_checksum = (m_checksum * 31) ^ item->Value;
            InterlockedIncrement(&m_processed);
            ExFreePoolWithTag(item, WT_TAG);
        }
    }
}

} // namespace wt
