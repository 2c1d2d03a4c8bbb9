// Worker.cpp
#include "Worker.h"

namespace wq {

namespace {

ULONG Checksum(const UCHAR* p, ULONG n)
{
    // Adler-32, good enough to show the thread did something
    ULONG a = 1, b = 0;
    for (ULONG i = 0; i < n; ++i) {
        a = (a + p[i]) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}

class ExclusiveResource {
public:
    explicit ExclusiveResource(ERESOURCE& r) : m_r(r) {
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&m_r, TRUE);
    }
    ~ExclusiveResource() {
        ExReleaseResourceLite(&m_r);
        KeLeaveCriticalRegion();
    }
private:
    ERESOURCE& m_r;
};

} // namespace

void WorkerState::Init()
{
    m_thread = nullptr;
    m_stop = 0;
    SetState(WorkState::Created);
    RtlZeroMemory(&m_stats, sizeof(m_stats));

    KeInitializeEvent(&m_wakeUp, SynchronizationEvent, FALSE);
    KeInitializeEvent(&m_teardownDone, NotificationEvent, FALSE);
    m_queue.Init();
    m_items.Init();

    // documented to return STATUS_SUCCESS, always
    NTSTATUS status = ExInitializeResourceLite(&m_statsLock);
    NT_ASSERT(NT_SUCCESS(status));
    UNREFERENCED_PARAMETER(status);
}

NTSTATUS WorkerState::StartThread()
{
    HANDLE handle = nullptr;
    NTSTATUS status = PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, nullptr, nullptr, nullptr,
                                           &WorkerState::ThreadMain, this);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(handle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&m_thread), nullptr);
    if (!NT_SUCCESS(status)) {
        // without the object there is nothing to wait on at unload time:
        // stop the thread now and wait for it through the handle instead
        m_thread = nullptr;
        InterlockedExchange(&m_stop, 1);
        KeSetEvent(&m_wakeUp, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(handle, FALSE, nullptr);
    }

    ZwClose(handle);
    return status;
}

void WorkerState::StopThread()
{
    InterlockedExchange(&m_stop, 1);
    KeSetEvent(&m_wakeUp, IO_NO_INCREMENT, FALSE);

    // the thread empties the queue and frees everything, then says so
    KeWaitForSingleObject(&m_teardownDone, Executive, KernelMode, FALSE, nullptr);

    // and only then leaves our code for good
    if (m_thread) {
        KeWaitForSingleObject(m_thread, Executive, KernelMode, FALSE, nullptr);
        ObDereferenceObject(m_thread);
        m_thread = nullptr;
    }
}

void WorkerState::TeardownInline()
{
    NT_ASSERT(State() == WorkState::Created);
    FinalTeardown();
}

void WorkerState::ThreadMain(PVOID context)
{
    static_cast<WorkerState*>(context)->Run();
    PsTerminateSystemThread(STATUS_SUCCESS);
}

void WorkerState::Run()
{
    SetState(WorkState::Running);

    for (;;) {
        KeWaitForSingleObject(&m_wakeUp, Executive, KernelMode, FALSE, nullptr);

        while (auto item = m_queue.Pop()) {
            const ULONG sum = Checksum(item->Data, item->Length);
            m_items.Free(item);

            ExclusiveResource guard(m_statsLock);
            m_stats.Processed++;
            m_stats.LastChecksum = sum;
        }

        if (InterlockedCompareExchange(&m_stop, 0, 0)) {
            break;
        }
    }

    SetState(WorkState::Stopping);
    FinalTeardown();
}

void WorkerState::FinalTeardown()
{
    while (auto item = m_queue.Pop()) {
        m_items.Free(item);
        m_stats.Dropped++;
    }

    m_items.Destroy();
    ExDeleteResourceLite(&m_statsLock);

    SetState(WorkState::Stopped);
    KeSetEvent(&m_teardownDone, IO_NO_INCREMENT, FALSE);
}

NTSTATUS WorkerState::Submit(const void* data, ULONG length)
{
    if (length == 0 || length > kPayload) {
        return STATUS_INVALID_BUFFER_SIZE;
    }
    if (State() != WorkState::Running) {
        return STATUS_DEVICE_NOT_READY;
    }

    auto item = m_items.Alloc();
    if (!item) {
        ExclusiveResource guard(m_statsLock);
        m_stats.Dropped++;
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlCopyMemory(item->Data, data, length);
    item->Length = length;
    m_queue.Push(item);

    {
        ExclusiveResource guard(m_statsLock);
        m_stats.Submitted++;
    }
    KeSetEvent(&m_wakeUp, IO_NO_INCREMENT, FALSE);
    return STATUS_SUCCESS;
}

WorkerStats WorkerState::ReadStats()
{
    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&m_statsLock, TRUE);
    WorkerStats copy = m_stats;
    ExReleaseResourceLite(&m_statsLock);
    KeLeaveCriticalRegion();
    return copy;
}

} // namespace wq
