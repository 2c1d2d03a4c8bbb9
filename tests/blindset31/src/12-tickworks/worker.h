#pragma once
#include "common.h"

//
// Worker: one dedicated system thread that executes queued requests.
// Global object; Start()/Stop() bracket its lifetime.
//
class Worker
{
public:
    NTSTATUS Start(_In_ PNPAGED_LOOKASIDE_LIST Pool) noexcept;
    void     Stop() noexcept;
    NTSTATUS Post(RequestKind Kind, ULONG Value) noexcept;

private:
    static KSTART_ROUTINE ThreadMain;
    void Run() noexcept;
    TW_REQUEST* Pop() noexcept;
    void Execute(_In_ TW_REQUEST* Request) noexcept;

    PNPAGED_LOOKASIDE_LIST m_Pool;
    KSPIN_LOCK             m_QueueLock;
    LIST_ENTRY             m_Queue;
    KEVENT                 m_WorkReady;
    KEVENT                 m_StopRequested;
    PKTHREAD               m_Thread;
};
