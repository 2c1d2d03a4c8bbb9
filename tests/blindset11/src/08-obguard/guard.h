// guard.h - ObGuard: keep chosen processes from being killed or written to
#pragma once

#include <ntifs.h>

#define OBG_DEVICE_NAME L"\\Device\\ObGuard"
#define OBG_LINK_NAME   L"\\??\\ObGuard"

#define IOCTL_OBG_PROTECT   CTL_CODE(0x8000, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OBG_UNPROTECT CTL_CODE(0x8000, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OBG_CLEAR     CTL_CODE(0x8000, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define OBG_PRINT(fmt, ...) DbgPrint("[ObGuard] " fmt "\n", __VA_ARGS__)

// not all of these are in the kernel headers
#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE       0x0001
#endif
#ifndef PROCESS_CREATE_THREAD
#define PROCESS_CREATE_THREAD   0x0002
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION    0x0008
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE        0x0020
#endif
#ifndef PROCESS_SUSPEND_RESUME
#define PROCESS_SUSPEND_RESUME  0x0800
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

namespace obg {

constexpr ACCESS_MASK kProcessDenied =
    PROCESS_TERMINATE | PROCESS_VM_WRITE | PROCESS_VM_OPERATION |
    PROCESS_CREATE_THREAD | PROCESS_SUSPEND_RESUME;

constexpr ACCESS_MASK kThreadDenied =
    THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_SET_CONTEXT;

class AutoSpinLock {
public:
    explicit AutoSpinLock(KSPIN_LOCK& lock) : m_lock(lock) { KeAcquireSpinLock(&m_lock, &m_irql); }
    ~AutoSpinLock() { KeReleaseSpinLock(&m_lock, m_irql); }
    AutoSpinLock(const AutoSpinLock&) = delete;
    AutoSpinLock& operator=(const AutoSpinLock&) = delete;
private:
    KSPIN_LOCK& m_lock;
    KIRQL       m_irql;
};

class ProtectedSet {
public:
    static constexpr ULONG kMax = 32;

    void Init();
    bool Add(ULONG pid);
    bool Remove(ULONG pid);
    bool Contains(ULONG pid);
    void Clear();

private:
    KSPIN_LOCK m_lock;
    ULONG      m_pids[kMax];
    ULONG      m_count;
};

struct Globals {
    PDEVICE_OBJECT Device;
    PVOID          ObHandle;
    ProtectedSet   Set;
    volatile LONG  Stripped;
};

extern Globals g_Globals;

// guard.cpp
NTSTATUS RegisterObCallbacks(_Out_ PVOID* handle);

void OnProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);

} // namespace obg
