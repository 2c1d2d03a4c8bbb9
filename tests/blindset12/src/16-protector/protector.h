#pragma once
//
// guardian: strips terminate / memory-write rights from handles opened to
// one process chosen by the GuardCtl.exe tool (IOCTL_GUARD_SET_PID).
//
#include <ntddk.h>

// not every WDK header set defines these for drivers
#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE          0x0001
#endif
#ifndef PROCESS_CREATE_THREAD
#define PROCESS_CREATE_THREAD      0x0002
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION       0x0008
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE           0x0020
#endif
#ifndef PROCESS_SUSPEND_RESUME
#define PROCESS_SUSPEND_RESUME     0x0800
#endif
#ifndef THREAD_TERMINATE
#define THREAD_TERMINATE           0x0001
#endif
#ifndef THREAD_SUSPEND_RESUME
#define THREAD_SUSPEND_RESUME      0x0002
#endif
#ifndef THREAD_SET_CONTEXT
#define THREAD_SET_CONTEXT         0x0010
#endif

namespace guardian {

constexpr ULONG kTag = 'draG';

#define IOCTL_GUARD_SET_PID   CTL_CODE(0x8000, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_GUARD_CLEAR     CTL_CODE(0x8000, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)

enum class Strip : ACCESS_MASK {
    Process = PROCESS_TERMINATE | PROCESS_VM_WRITE | PROCESS_VM_OPERATION |
              PROCESS_CREATE_THREAD | PROCESS_SUSPEND_RESUME,
    Thread  = THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_SET_CONTEXT,
};

constexpr ACCESS_MASK Bits(Strip s) { return static_cast<ACCESS_MASK>(s); }

// run a callable at scope exit unless dismissed
template <typename F>
class Finally {
public:
    explicit Finally(F&& f) : m_F(static_cast<F&&>(f)) {}
    ~Finally() { if (m_Active) m_F(); }
    void Dismiss() { m_Active = false; }
    Finally(const Finally&) = delete;
    Finally& operator=(const Finally&) = delete;
private:
    F    m_F;
    bool m_Active = true;
};

template <typename F>
Finally<F> finally(F&& f) { return Finally<F>(static_cast<F&&>(f)); }

class Protector {
public:
    static NTSTATUS Register();
    static void     Unregister();
    static void     SetTarget(HANDLE pid) { InterlockedExchangePointer(&s_Target, pid); }
    static HANDLE   Target() { return static_cast<HANDLE>(InterlockedCompareExchangePointer(&s_Target, nullptr, nullptr)); }

private:
    static OB_PREOP_CALLBACK_STATUS OnProcessHandle(PVOID, POB_PRE_OPERATION_INFORMATION);
    static OB_PREOP_CALLBACK_STATUS OnThreadHandle(PVOID, POB_PRE_OPERATION_INFORMATION);

    static PVOID volatile s_Target;
    static PVOID          s_Registration;
};

} // namespace guardian
