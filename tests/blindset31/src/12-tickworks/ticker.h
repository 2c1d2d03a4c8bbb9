#pragma once
#include "worker.h"

//
// Ticker: periodic KTIMER whose DPC queues an IO_WORKITEM; the work item
// posts a housekeeping request to the Worker at PASSIVE_LEVEL.
//
class Ticker
{
public:
    NTSTATUS Start(_In_ PDEVICE_OBJECT Device, _In_ Worker* Target, ULONG PeriodMs) noexcept;
    void     Stop() noexcept;

private:
    static KDEFERRED_ROUTINE   OnTimer;
    static IO_WORKITEM_ROUTINE OnWorkItem;

    KTIMER        m_Timer;
    KDPC          m_Dpc;
    PIO_WORKITEM  m_WorkItem;
    volatile LONG m_WorkBusy;
    KEVENT        m_WorkIdle;
    Worker*       m_Target;
};
