#pragma once
#include "sw_util.h"

enum class JobKind : ULONG {
    Ping  = 1,
    Delay = 2,
};

struct WorkItem {
    LIST_ENTRY Link;
    JobKind    Kind;
    ULONG      DelayMs;
    ULONG64    Cookie;
};

class Worker {
public:
    [[nodiscard]] static NTSTATUS Start();
    static void Stop();
    [[nodiscard]] static bool Post(JobKind Kind, ULONG DelayMs, ULONG64 Cookie);
    static LONG Processed() { return s_Processed; }

private:
    static KSTART_ROUTINE ThreadMain;
    static WorkItem* Pop();
    static void Run(const WorkItem& Item);
    static void Drain();

    static PETHREAD       s_Thread;
    static KEVENT         s_StopEvent;
    static KEVENT         s_WorkEvent;
    static LIST_ENTRY     s_Queue;
    static KSPIN_LOCK     s_QueueLock;
    static volatile LONG  s_Processed;
    static volatile LONG  s_Pending;
};
