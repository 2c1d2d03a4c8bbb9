//
// ticker.cpp
//
#include "ticker.h"

NTSTATUS Ticker::Start(_In_ PDEVICE_OBJECT Device, _In_ Worker* Target, ULONG PeriodMs) noexcept
{
    m_Target = Target;
    m_WorkBusy = 0;
    KeInitializeEvent(&m_WorkIdle, NotificationEvent, TRUE);
    KeInitializeTimerEx(&m_Timer, NotificationTimer);
    KeInitializeDpc(&m_Dpc, &Ticker::OnTimer, this);

    m_WorkItem = IoAllocateWorkItem(Device);
    if (m_WorkItem == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    LARGE_INTEGER due;
    due.QuadPart = -10000LL * PeriodMs;
    KeSetTimerEx(&m_Timer, due, static_cast<LONG>(PeriodMs), &m_Dpc);
    return STATUS_SUCCESS;
}

void Ticker::Stop() noexcept
{
    if (m_WorkItem == nullptr) {
        return;
    }

    // 1. no new expirations, 2. no DPC still queued or running,
    // 3. no work item still queued or running.
    KeCancelTimer(&m_Timer);
    KeFlushQueuedDpcs();
    KeWaitForSingleObject(&m_WorkIdle, Executive, KernelMode, FALSE, nullptr);

    IoFreeWorkItem(m_WorkItem);
    m_WorkItem = nullptr;
}

void Ticker::OnTimer(_In_ PKDPC, _In_opt_ PVOID Context, _In_opt_ PVOID, _In_opt_ PVOID)
{
    auto self = static_cast<Ticker*>(Context);

    InterlockedIncrement(&g_Stats.Ticks);

    if (InterlockedCompareExchange(&self->m_WorkBusy, 1, 0) == 0) {
        KeClearEvent(&self->m_WorkIdle);
        IoQueueWorkItem(self->m_WorkItem, &Ticker::OnWorkItem, DelayedWorkQueue, self);
    }
}

void Ticker::OnWorkItem(_In_ PDEVICE_OBJECT, _In_opt_ PVOID Context)
{
    auto self = static_cast<Ticker*>(Context);

    self->m_Target->Post(RequestKind::Housekeeping, 0);

    // signal first: once m_WorkBusy drops to 0 the DPC may queue us again
    KeSetEvent(&self->m_WorkIdle, IO_NO_INCREMENT, FALSE);
    InterlockedExchange(&self->m_WorkBusy, 0);
}
