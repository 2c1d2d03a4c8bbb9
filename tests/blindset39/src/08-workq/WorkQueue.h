#pragma once
#include "kcpp.h"

typedef void (*WORK_ROUTINE)(ULONG_PTR Param);

struct WorkItem {
    LIST_ENTRY   Link;
    WORK_ROUTINE Routine;
    ULONG_PTR    Param;
    ULONG        Id;
};

class WorkQueue {
public:
    WorkQueue();
    ~WorkQueue();

    NTSTATUS Start();
    void     Stop();
    bool     Push(WORK_ROUTINE routine, ULONG_PTR param);

    ULONG Pending() const { return m_pending; }

    static ULONG NextId() { return static_cast<ULONG>(InterlockedIncrement(&s_nextId)); }

private:
    static KSTART_ROUTINE ThreadMain;
    void Run();
    WorkItem* Pop();
    void Drain();

    LIST_ENTRY    m_list;
    KSPIN_LOCK    m_lock;
    KEVENT        m_wake;
    volatile LONG m_stop;
    volatile ULONG m_pending;
    PKTHREAD      m_thread;

    static volatile LONG s_nextId;
};
