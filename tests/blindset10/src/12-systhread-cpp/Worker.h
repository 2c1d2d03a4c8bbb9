// Worker.h - one system thread eating jobs off a queue
#pragma once

#include "pool.h"

enum class JobKind : ULONG {
    Log = 1,
    Sum = 2,
    Nap = 3,
};

struct JobRequest {
    JobKind Kind;
    ULONG   Arg;
};

class Worker {
public:
    Worker();
    ~Worker();

    NTSTATUS Start();
    void Stop();

    bool Post(const JobRequest& job);
    LONG Processed() const { return m_processed; }

private:
    struct Job {
        LIST_ENTRY Link;
        JobRequest Req;
    };

    static VOID ThreadMain(PVOID context);
    void Run();
    void Execute(const JobRequest& job);
    Job* PopJob();

    KEVENT        m_stopEvent;
    KEVENT        m_workEvent;
    KSPIN_LOCK    m_lock;
    LIST_ENTRY    m_jobs;
    PETHREAD      m_thread;
    volatile LONG m_processed;
};
