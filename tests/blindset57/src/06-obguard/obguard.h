#pragma once
//
// obguard - strips dangerous access rights from handles to "protected"
// processes and keeps an eye on images mapped into them
//
#include <ntddk.h>

#define OBG_TAG            'dGbO'
#define OBG_DEVICE_NAME    L"\\Device\\ObGuard"
#define OBG_LINK_NAME      L"\\??\\ObGuard"
#define OBG_ALTITUDE       L"321455.7"
#define OBG_MAX_PIDS       32

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE          0x0001
#define PROCESS_CREATE_THREAD      0x0002
#define PROCESS_VM_OPERATION       0x0008
#define PROCESS_VM_WRITE           0x0020
#define PROCESS_SUSPEND_RESUME     0x0800
#endif

#define OBG_STRIP_MASK  (PROCESS_TERMINATE | PROCESS_CREATE_THREAD | PROCESS_VM_OPERATION | \
                         PROCESS_VM_WRITE | PROCESS_SUSPEND_RESUME)

#define IOCTL_OBG_PROTECT    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_OBG_UNPROTECT  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_OBG_QUERY      CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_BUFFERED, FILE_READ_ACCESS)

#define OBG_LOG(fmt, ...)  KdPrint(("obguard: " fmt "\n", __VA_ARGS__))

namespace obg {

// RAII over EX_SPIN_LOCK, shared or exclusive
template <bool Exclusive>
class ExSpinGuard {
public:
    explicit ExSpinGuard(PEX_SPIN_LOCK Lock) : m_Lock(Lock)
    {
        m_Irql = Exclusive ? ExAcquireSpinLockExclusive(m_Lock) : ExAcquireSpinLockShared(m_Lock);
    }
    ~ExSpinGuard()
    {
        if (Exclusive) ExReleaseSpinLockExclusive(m_Lock, m_Irql);
        else           ExReleaseSpinLockShared(m_Lock, m_Irql);
    }
    ExSpinGuard(const ExSpinGuard&) = delete;
    ExSpinGuard& operator=(const ExSpinGuard&) = delete;
private:
    PEX_SPIN_LOCK m_Lock;
    KIRQL         m_Irql;
};

class PidSet {
public:
    auto Init() -> void;
    auto Add(ULONG Pid) -> bool;
    auto Remove(ULONG Pid) -> bool;
    auto Contains(ULONG Pid) -> bool;
    auto Count() const -> ULONG { return m_Count; }

private:
    EX_SPIN_LOCK m_Lock;
    ULONG        m_Count;
    ULONG        m_Pids[OBG_MAX_PIDS];
};

struct Stats {
    LONG Stripped;
    LONG ImagesSeen;
    LONG ImagesInProtected;
};

struct State {
    PDEVICE_OBJECT Device;
    PVOID          ObHandle;
    PidSet         Protected;
    Stats          Counters;
};

extern State g;

// callbacks.cpp
auto PreOpenProcess(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info) -> OB_PREOP_CALLBACK_STATUS;
auto OnImageLoad(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo) -> void;

} // namespace obg
