#pragma once
//
// obshield.h - process protection via ObRegisterCallbacks
//
#include <ntddk.h>
#include "kalloc.h"

#define SHIELD_DEVICE   L"\\Device\\ObShield"
#define SHIELD_LINK     L"\\??\\ObShield"

#define SHIELD_TYPE     0x9A11
#define IOCTL_SHIELD_ADD     CTL_CODE(SHIELD_TYPE, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_SHIELD_REMOVE  CTL_CODE(SHIELD_TYPE, 0x801, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_SHIELD_CLEAR   CTL_CODE(SHIELD_TYPE, 0x802, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define SHIELD_MAX_PIDS      64

// access we never hand out on a protected process
#define SHIELD_DENY_MASK  (PROCESS_TERMINATE | PROCESS_VM_WRITE | PROCESS_VM_OPERATION | \
                           PROCESS_CREATE_THREAD | PROCESS_SUSPEND_RESUME)

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE         0x0001
#endif
#ifndef PROCESS_CREATE_THREAD
#define PROCESS_CREATE_THREAD     0x0002
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION      0x0008
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE          0x0020
#endif
#ifndef PROCESS_SUSPEND_RESUME
#define PROCESS_SUSPEND_RESUME    0x0800
#endif

#define KLOG(fmt, ...) KdPrint(("[obshield] " fmt "\n", __VA_ARGS__))

namespace shield {

class FastMutexGuard {
public:
    explicit FastMutexGuard(PFAST_MUTEX m) : m_(m) { ExAcquireFastMutex(m_); }
    ~FastMutexGuard() { ExReleaseFastMutex(m_); }
    FastMutexGuard(const FastMutexGuard&) = delete;
    FastMutexGuard& operator=(const FastMutexGuard&) = delete;
private:
    PFAST_MUTEX m_;
};

class Protector {
public:
    static NTSTATUS Init();
    static void     Destroy();

    static NTSTATUS Register();
    static void     Unregister();

    static bool Add(ULONG pid);
    static bool Remove(ULONG pid);
    static void Clear();
    static bool IsProtected(ULONG pid);

    static OB_PREOP_CALLBACK_STATUS PreOpen(PVOID ctx, POB_PRE_OPERATION_INFORMATION info);

private:
    static PVOID      s_regHandle;
    static FAST_MUTEX s_lock;
    static ULONG*     s_pids;
    static ULONG      s_count;
};

} // namespace shield
