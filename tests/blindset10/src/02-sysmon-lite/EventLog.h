// EventLog.h - process/thread notifications queued for the viewer
#pragma once

#include "kutil.h"
#include "shared.h"

class EventLog {
public:
    static NTSTATUS Start();
    static void Stop();

    static ULONG Drain(_Out_writes_bytes_(size) PUCHAR buffer, ULONG size);
    static void Stats(SysmonStats* out);
    static void Clear();

private:
    struct Node {
        LIST_ENTRY Link;
        SysmonEvent Data;
    };

    static void Push(SysmonEventKind kind, HANDLE pid, HANDLE other);

    static void OnProcess(HANDLE ParentId, HANDLE ProcessId, BOOLEAN Create);
    static void OnThread(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);

    static constexpr ULONG MaxQueued = 4096;

    static LIST_ENTRY s_head;
    static kutil::FastMutex s_lock;
    static ULONG s_queued;
    static ULONG s_dropped;
    static ULONG s_total;
    static bool s_processRegistered;
    static bool s_threadRegistered;
};
