// ProcTracker.h
#pragma once

#include <ntddk.h>
#include "common.h"

namespace pt {

// RAII for FAST_MUTEX - from the "modern C++ in the kernel" blog post
class FastMutexGuard {
public:
    explicit FastMutexGuard(PFAST_MUTEX m) : m_(m) { ExAcquireFastMutex(m_); }
    ~FastMutexGuard() { ExReleaseFastMutex(m_); }
    FastMutexGuard(const FastMutexGuard&) = delete;
    FastMutexGuard& operator=(const FastMutexGuard&) = delete;
private:
    PFAST_MUTEX m_;
};

struct EventNode {
    LIST_ENTRY      Link;
    PT_EVENT_RECORD Rec;
};

class ProcTracker {
public:
    static NTSTATUS Init();
    static void     Shutdown();

    static void OnProcessNotify(
        _Inout_ PEPROCESS Process,
        _In_ HANDLE ProcessId,
        _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);

    static ULONG  Drain(_Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length);
    static void   Clear();
    static LONG   Count() { return s_Count; }

private:
    static void Push(EventNode* node);
    static void FreeAll();

    static LIST_ENTRY            s_Head;
    static FAST_MUTEX            s_Lock;
    static NPAGED_LOOKASIDE_LIST s_Pool;
    static LONG                  s_Count;
    static bool                  s_Ready;
};

} // namespace pt
