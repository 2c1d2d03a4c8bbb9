#pragma once
//
// guard.h - KmdfGuard: KMDF non-PnP driver that strips dangerous access
// rights from handles opened to a set of protected processes (and their
// threads). The set is managed through a control device.
//
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define GUARD_NT_NAME    L"\\Device\\KmdfGuard"
#define GUARD_DOS_NAME   L"\\DosDevices\\KmdfGuard"
#define GUARD_ALTITUDE   L"328410.5"

#define FILE_DEVICE_GUARD     0x0000C0DE
#define IOCTL_GUARD_PROTECT   CTL_CODE(FILE_DEVICE_GUARD, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_GUARD_UNPROTECT CTL_CODE(FILE_DEVICE_GUARD, 0x811, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_GUARD_LIST      CTL_CODE(FILE_DEVICE_GUARD, 0x812, METHOD_BUFFERED, FILE_READ_ACCESS)

#define GUARD_MAX_PIDS   32

// rights removed from user-mode handles to protected objects
#define GUARD_PROCESS_STRIP  (0x0001 /*TERMINATE*/ | 0x0008 /*VM_OPERATION*/ | \
                              0x0020 /*VM_WRITE*/  | 0x0002 /*CREATE_THREAD*/ | 0x0800 /*SUSPEND_RESUME*/)
#define GUARD_THREAD_STRIP   (0x0001 /*TERMINATE*/ | 0x0002 /*SUSPEND_RESUME*/ | 0x0010 /*SET_CONTEXT*/)

#define GTRACE(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "KmdfGuard: " fmt "\n", __VA_ARGS__)
#define GERROR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "KmdfGuard: " fmt "\n", __VA_ARGS__)

namespace guard {

class WaitLockGuard {
public:
    explicit WaitLockGuard(WDFWAITLOCK lock) : m_lock(lock) { WdfWaitLockAcquire(m_lock, nullptr); }
    ~WaitLockGuard() { WdfWaitLockRelease(m_lock); }
    WaitLockGuard(const WaitLockGuard&) = delete;
    WaitLockGuard& operator=(const WaitLockGuard&) = delete;
private:
    WDFWAITLOCK m_lock;
};

// the protected pid set; storage is static, only the lock is a WDF object
class PidSet {
public:
    static NTSTATUS Create(WDFDRIVER parent);
    static bool Add(ULONG pid);
    static bool Remove(ULONG pid);
    static bool Contains(ULONG pid);
    static ULONG Snapshot(ULONG* out, ULONG max);

private:
    static WDFWAITLOCK s_lock;
    static ULONG       s_pids[GUARD_MAX_PIDS];
    static ULONG       s_count;
};

// obcb.cpp
class ObGuard {
public:
    static NTSTATUS Register();
    static void Unregister();
private:
    static OB_PREOP_CALLBACK_STATUS PreProcess(PVOID, POB_PRE_OPERATION_INFORMATION info);
    static OB_PREOP_CALLBACK_STATUS PreThread(PVOID, POB_PRE_OPERATION_INFORMATION info);
    static PVOID s_handle;
};

// control.cpp
NTSTATUS CreateControlDevice(WDFDRIVER driver, WDFDEVICE* device);

} // namespace guard
