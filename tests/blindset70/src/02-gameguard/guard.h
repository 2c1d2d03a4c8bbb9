#pragma once
#include <ntddk.h>

#define GG_TAG          'dGmG'
#define GG_ALTITUDE     L"321337.1337"
#define GG_DEVICE       L"\\Device\\GameGuard"
#define GG_SYMLINK      L"\\??\\GameGuard"

#define IOCTL_GG_PROTECT    CTL_CODE(0x8000, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_GG_UNPROTECT  CTL_CODE(0x8000, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_GG_CLEAR      CTL_CODE(0x8000, 0x902, METHOD_NEITHER,  FILE_WRITE_ACCESS)

#define GG_LOG(fmt, ...) KdPrint(("[GameGuard] " fmt "\n", __VA_ARGS__))

// rights we strip from anyone opening the game process
#define GG_STRIP_MASK (PROCESS_TERMINATE | PROCESS_VM_READ | PROCESS_VM_WRITE | \
                       PROCESS_VM_OPERATION | PROCESS_CREATE_THREAD | PROCESS_SUSPEND_RESUME)

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE         0x0001
#define PROCESS_CREATE_THREAD     0x0002
#define PROCESS_VM_OPERATION      0x0008
#define PROCESS_VM_READ           0x0010
#define PROCESS_VM_WRITE          0x0020
#define PROCESS_SUSPEND_RESUME    0x0800
#endif

namespace gg {

struct ProtectedEntry {
    LIST_ENTRY Link;
    ULONG      Pid;
};

class Guard {
public:
    static NTSTATUS InstallCallbacks();
    static void     RemoveCallbacks();
    static void     InitState();
    static void     FreeState();

    static NTSTATUS Add(ULONG pid);
    static NTSTATUS Remove(ULONG pid);
    static void     Clear();
    static bool     IsProtected(ULONG pid);

    static PVOID      s_RegHandle;
    static LIST_ENTRY s_List;
    static FAST_MUTEX s_Lock;
    static ULONG      s_Count;

private:
    static OB_PREOP_CALLBACK_STATUS PreOpenProcess(PVOID ctx, POB_PRE_OPERATION_INFORMATION info);
};

// small RAII helper for the fast mutex
class AutoLock {
public:
    explicit AutoLock(FAST_MUTEX& m) : m_(m) { ExAcquireFastMutex(&m_); }
    ~AutoLock() { ExReleaseFastMutex(&m_); }
private:
    FAST_MUTEX& m_;
};

} // namespace gg
