#pragma once
#include "ksync.h"

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE       0x0001
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION    0x0008
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE        0x0020
#endif
#ifndef THREAD_TERMINATE
#define THREAD_TERMINATE        0x0001
#endif
#ifndef THREAD_SUSPEND_RESUME
#define THREAD_SUSPEND_RESUME   0x0002
#endif
#ifndef THREAD_SET_CONTEXT
#define THREAD_SET_CONTEXT      0x0010
#endif

class PidSet
{
public:
    void     Init() noexcept;
    NTSTATUS Add(HANDLE Pid) noexcept;
    bool     Remove(HANDLE Pid) noexcept;
    bool     Contains(HANDLE Pid) noexcept;

private:
    static constexpr ULONG Capacity = 64;
    SpinLock m_Lock;
    HANDLE   m_Pids[Capacity];
    ULONG    m_Count;
};

//
// ProcessProtector strips dangerous access rights from handles opened to
// protected processes (and their threads) by other user-mode processes.
// Intended to be a global object: no constructor, Initialize()/Start()/Stop().
//
class ProcessProtector
{
public:
    void     Initialize() noexcept;
    NTSTATUS Start() noexcept;
    void     Stop() noexcept;

    NTSTATUS Protect(HANDLE Pid) noexcept { return m_Protected.Add(Pid); }
    void     Unprotect(HANDLE Pid) noexcept { m_Protected.Remove(Pid); }

private:
    static OB_PREOP_CALLBACK_STATUS PreProcessHandle(PVOID Context, POB_PRE_OPERATION_INFORMATION Info);
    static OB_PREOP_CALLBACK_STATUS PreThreadHandle(PVOID Context, POB_PRE_OPERATION_INFORMATION Info);
    static void OnProcessNotify(PEPROCESS Process, HANDLE Pid, PPS_CREATE_NOTIFY_INFO CreateInfo);
    static void StripAccess(POB_PRE_OPERATION_INFORMATION Info, ACCESS_MASK Deny) noexcept;

    static ProcessProtector* s_Instance;   // process notify routines get no context

    PidSet                    m_Protected;
    EX_RUNDOWN_REF            m_Rundown;
    OB_OPERATION_REGISTRATION m_Ops[2];
    OB_CALLBACK_REGISTRATION  m_Registration;
    PVOID                     m_ObHandle;
    bool                      m_NotifyRegistered;
};
