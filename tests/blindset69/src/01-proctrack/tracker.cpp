// tracker.cpp - counting logic behind the notify callbacks
#include "proctrack.h"

namespace pt {

KSPIN_LOCK Tracker::s_lock;
Counters   Tracker::s_counters;
bool       Tracker::s_ready = false;

NTSTATUS Tracker::Initialize()
{
    KeInitializeSpinLock(&s_lock);
    RtlZeroMemory(&s_counters, sizeof(s_counters));
    s_ready = true;
    return STATUS_SUCCESS;
}

void Tracker::Shutdown()
{
    s_ready = false;
}

void Tracker::Reset()
{
    SpinGuard g(s_lock);
    RtlZeroMemory(&s_counters, sizeof(s_counters));
}

void Tracker::Snapshot(Counters* out)
{
    SpinGuard g(s_lock);
    *out = s_counters;
}

void Tracker::OnProcess(PEPROCESS Process, HANDLE Pid, PPS_CREATE_NOTIFY_INFO Info)
{
    UNREFERENCED_PARAMETER(Process);
    if (!s_ready) {
        return;
    }

    if (Info != nullptr) {
        InterlockedIncrement(&s_counters.ProcessCreates);
        if (Info->ImageFileName != nullptr) {
            PT_LOG("create pid=%p parent=%p image=%wZ", Pid, Info->ParentProcessId, Info->ImageFileName);
        } else {
            PT_LOG("create pid=%p parent=%p", Pid, Info->ParentProcessId);
        }
    } else {
        InterlockedIncrement(&s_counters.ProcessExits);
        PT_LOG("exit pid=%p", Pid);
    }
}

void Tracker::OnThread(HANDLE Pid, HANDLE Tid, BOOLEAN Create)
{
    if (!s_ready) {
        return;
    }
    if (Create) {
        InterlockedIncrement(&s_counters.ThreadCreates);
    } else {
        InterlockedIncrement(&s_counters.ThreadExits);
    }
#if DBG
    PT_LOG("thread %s pid=%p tid=%p", Create ? "create" : "exit", Pid, Tid);
#else
    UNREFERENCED_PARAMETER(Pid);
    UNREFERENCED_PARAMETER(Tid);
#endif
}

} // namespace pt
