//
// worker.cpp
//
#include "worker.h"

NTSTATUS Worker::Start(_In_ PNPAGED_LOOKASIDE_LIST Pool) noexcept
{
    HANDLE handle;
    OBJECT_ATTRIBUTES oa;

    m_Pool = Pool;
    m_Thread = nullptr;
    KeInitializeSpinLock(&m_QueueLock);
    InitializeListHead(&m_Queue);
    KeInitializeEvent(&m_WorkReady, SynchronizationEvent, FALSE);
    KeInitializeEvent(&m_StopRequested, NotificationEvent, FALSE);

    InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);
    NTSTATUS status = PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, &oa, nullptr, nullptr,
                                           &Worker::ThreadMain, this);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(handle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&m_Thread), nullptr);
    if (!NT_SUCCESS(status)) {
        // cannot keep a pointer to it; stop it and wait on the handle instead
        KeSetEvent(&m_StopRequested, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(handle, FALSE, nullptr);
        ZwClose(handle);
        m_Thread = nullptr;
        return status;
    }

    ZwClose(handle);
    return STATUS_SUCCESS;
}

void Worker::Stop() noexcept
{
    if (m_Thread == nullptr) {
        return;
    }

    KeSetEvent(&m_StopRequested, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(m_Thread, Executive, KernelMode, FALSE, nullptr);
    ObDereferenceObject(m_Thread);
    m_Thread = nullptr;

    // anything still queued is discarded
    while (TW_REQUEST* req = Pop()) {
        ExFreeToNPagedLookasideList(m_Pool, req);
    }
}

NTSTATUS Worker::Post(RequestKind Kind, ULONG Value) noexcept
{
    auto req = static_cast<TW_REQUEST*>(ExAllocateFromNPagedLookasideList(m_Pool));
    if (req == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    req->Kind = Kind;
    req->Value = Value;

    {
        SpinLockGuard guard(&m_QueueLock);
        InsertTailList(&m_Queue, &req->Link);
    }
    InterlockedIncrement(&g_Stats.RequestsPosted);
    KeSetEvent(&m_WorkReady, IO_NO_INCREMENT, FALSE);
    return STATUS_SUCCESS;
}

TW_REQUEST* Worker::Pop() noexcept
{
    SpinLockGuard guard(&m_QueueLock);
    if (IsListEmpty(&m_Queue)) {
        return nullptr;
    }
    return CONTAINING_RECORD(RemoveHeadList(&m_Queue), TW_REQUEST, Link);
}

void Worker::Execute(_In_ TW_REQUEST* Request) noexcept
{
    switch (Request->Kind) {
    case RequestKind::Housekeeping:
        InterlockedIncrement(&g_Stats.HousekeepingRuns);
        break;
    case RequestKind::User:
        TW_LOG("user request %lu", Request->Value);
        break;
    }
    InterlockedIncrement(&g_Stats.RequestsDone);
}

void Worker::ThreadMain(_In_ PVOID Context)
{
    static_cast<Worker*>(Context)->Run();
    PsTerminateSystemThread(STATUS_SUCCESS);
}

void Worker::Run() noexcept
{
    PVOID objects[2] = { &m_StopRequested, &m_WorkReady };

    for (;;) {
        NTSTATUS status = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode,
                                                   FALSE, nullptr, nullptr);
        if (status == STATUS_WAIT_0) {
            break;
        }
        while (TW_REQUEST* req = Pop()) {
            Execute(req);
            ExFreeToNPagedLookasideList(m_Pool, req);
        }
    }
}
