#pragma once
#include <ntddk.h>
#include <ntstrsafe.h>
#include "Log.h"

//
// Remote thread watchdog.
//
// The thread-notify routine only records "thread created in process B by a
// thread of process A" into a small ring; the worker thread does the slow
// part (name lookups, logging) at PASSIVE_LEVEL outside of the notify path.
//
namespace tw {

constexpr ULONG kTag        = 'dWhT';
constexpr ULONG kRingSize   = 256;          // power of two
constexpr LONGLONG kPollMs  = 2000;

struct RemoteThreadEvent {
    HANDLE        CreatorPid;
    HANDLE        TargetPid;
    HANDLE        ThreadId;
    LARGE_INTEGER Time;
};

struct WatchContext {
    KEVENT            StopEvent;        // notification, set on unload
    KEVENT            WorkEvent;        // synchronization, set when ring is non-empty
    KSPIN_LOCK        RingLock;
    ULONG             Head;
    ULONG             Tail;
    ULONG             Dropped;
    ULONG             Total;
    RemoteThreadEvent Ring[kRingSize];
};

class Watchdog {
public:
    static NTSTATUS Start();
    static void     Stop();

private:
    static void OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);
    static void WorkerMain(PVOID Context);
    static void Drain(WatchContext* ctx);

    static WatchContext* s_Ctx;
    static HANDLE        s_Thread;
};

} // namespace tw

extern "C" NTKERNELAPI PCHAR PsGetProcessImageFileName(PEPROCESS Process);
