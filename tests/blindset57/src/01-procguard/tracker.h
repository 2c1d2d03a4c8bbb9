#pragma once
#include "common.h"

struct ProcEntry {
    LIST_ENTRY    Link;
    HANDLE        ProcessId;
    HANDLE        ParentId;
    LARGE_INTEGER CreateTime;
    ULONG         Threads;
    WCHAR         Image[PG_IMAGE_CHARS];
};

// RAII wrapper around a FAST_MUTEX (callers are at <= APC_LEVEL)
class FastMutexGuard {
public:
    explicit FastMutexGuard(PFAST_MUTEX Mutex) : m_Mutex(Mutex) { ExAcquireFastMutex(m_Mutex); }
    ~FastMutexGuard() { ExReleaseFastMutex(m_Mutex); }

    FastMutexGuard(const FastMutexGuard&) = delete;
    FastMutexGuard& operator=(const FastMutexGuard&) = delete;

private:
    PFAST_MUTEX m_Mutex;
};

class ProcessTracker {
public:
    static NTSTATUS Initialize();
    static void     Shutdown();

    static void     Snapshot(PG_STATS* Out);
    static void     Clear();

    // registered with PsSetCreateProcessNotifyRoutineEx / PsSetCreateThreadNotifyRoutine
    static void OnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
    static void OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);

private:
    template <typename Pred>
    static ProcEntry* FindLocked(Pred&& pred);
    static void       FreeAllLocked();
    static ProcEntry* NewEntry(HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);

    static LIST_ENTRY            s_Head;
    static FAST_MUTEX            s_Lock;
    static NPAGED_LOOKASIDE_LIST s_Pool;
    static PG_STATS              s_Stats;
};
