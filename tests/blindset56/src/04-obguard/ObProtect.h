#pragma once

#include <ntddk.h>

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE         0x0001
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION      0x0008
#endif
#ifndef PROCESS_VM_READ
#define PROCESS_VM_READ           0x0010
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE          0x0020
#endif
#ifndef PROCESS_SUSPEND_RESUME
#define PROCESS_SUSPEND_RESUME    0x0800
#endif

#define OBG_DEVICE_NAME     L"\\Device\\ObGuard"
#define OBG_SYMLINK_NAME    L"\\??\\ObGuard"
#define OBG_ALTITUDE        L"321337"

#define IOCTL_OBG_PROTECT   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_OBG_UNPROTECT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_OBG_QUERY     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x822, METHOD_BUFFERED, FILE_READ_ACCESS)

#define OBG_PRINT(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[obguard] %s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

namespace obguard {

// rights we strip from handles to the protected process
constexpr ACCESS_MASK kBlockedRights =
    PROCESS_TERMINATE | PROCESS_VM_OPERATION | PROCESS_VM_READ |
    PROCESS_VM_WRITE  | PROCESS_SUSPEND_RESUME;

class Protector {
public:
    static NTSTATUS Register();
    static void     Unregister();

    static void  Protect(ULONG pid)  { InterlockedExchange(&s_ProtectedPid, static_cast<LONG>(pid)); }
    static void  Unprotect()         { InterlockedExchange(&s_ProtectedPid, 0); }
    static ULONG ProtectedPid()      { return static_cast<ULONG>(s_ProtectedPid); }

private:
    static OB_PREOP_CALLBACK_STATUS PreOpenProcess(PVOID Context, POB_PRE_OPERATION_INFORMATION Info);

    static PVOID          s_RegHandle;
    static volatile LONG  s_ProtectedPid;
};

class ProcTrack {
public:
    static NTSTATUS Start();
    static void     Stop();

private:
    static void OnProcess(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
    static bool s_Registered;
};

} // namespace obguard
