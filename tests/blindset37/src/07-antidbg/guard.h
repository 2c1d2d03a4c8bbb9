#pragma once

#include <ntifs.h>
#include "kcpp.h"

#define AD_TAG          'gbDA'
#define AD_DEVICE       L"\\Device\\AntiDbg"
#define AD_SYMLINK      L"\\??\\AntiDbg"
#define AD_ALTITUDE     L"328510"
#define AD_MAX_PIDS     32

#define IOCTL_AD_PROTECT    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_AD_UNPROTECT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_ANY_ACCESS)

// not all of these are in the kernel headers
#ifndef PROCESS_VM_READ
#define PROCESS_TERMINATE           0x0001
#define PROCESS_CREATE_THREAD       0x0002
#define PROCESS_VM_OPERATION        0x0008
#define PROCESS_VM_READ             0x0010
#define PROCESS_VM_WRITE            0x0020
#define PROCESS_SUSPEND_RESUME      0x0800
#endif
#ifndef THREAD_GET_CONTEXT
#define THREAD_SUSPEND_RESUME       0x0002
#define THREAD_GET_CONTEXT          0x0008
#define THREAD_SET_CONTEXT          0x0010
#endif

#define ADLOG(fmt, ...) KdPrint(("[antidbg] " fmt "\n", __VA_ARGS__))

namespace ad {

class PidSet {
public:
    PidSet() : m_count(0) { KeInitializeSpinLock(&m_lock); RtlZeroMemory(m_pids, sizeof(m_pids)); }

    bool Contains(ULONG pid);
    bool Add(ULONG pid);
    bool Remove(ULONG pid);

private:
    KSPIN_LOCK  m_lock;
    ULONG       m_pids[AD_MAX_PIDS];
    ULONG       m_count;
};

class Guard {
public:
    static OB_PREOP_CALLBACK_STATUS PreProcessHandle(PVOID ctx, POB_PRE_OPERATION_INFORMATION info);
    static OB_PREOP_CALLBACK_STATUS PreThreadHandle(PVOID ctx, POB_PRE_OPERATION_INFORMATION info);
    static void OnProcessNotify(PEPROCESS process, HANDLE pid, PPS_CREATE_NOTIFY_INFO createInfo);

    static PidSet*  s_Protected;
    static PVOID    s_ObHandle;

private:
    static constexpr ACCESS_MASK kProcessStrip =
        PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_VM_OPERATION |
        PROCESS_CREATE_THREAD | PROCESS_SUSPEND_RESUME | PROCESS_TERMINATE;

    static constexpr ACCESS_MASK kThreadStrip =
        THREAD_GET_CONTEXT | THREAD_SET_CONTEXT | THREAD_SUSPEND_RESUME;
};

} // namespace ad
