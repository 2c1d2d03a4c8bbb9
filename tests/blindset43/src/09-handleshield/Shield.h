#pragma once

#include "KGuard.h"

#define HS_TAG          'dlSH'
#define HS_ALTITUDE     L"322110"
#define HS_DEVICE       L"\\Device\\HandleShield"
#define HS_LINK         L"\\??\\HandleShield"

#define IOCTL_HS_ADD     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x870, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_HS_REMOVE  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x871, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define HS_LOG(fmt, ...) KdPrint(("HandleShield: " fmt "\n", __VA_ARGS__))

namespace hs {

constexpr ACCESS_MASK kProcessDeny = 0x0001 /*TERMINATE*/ | 0x0008 /*VM_OPERATION*/ |
                                     0x0020 /*VM_WRITE*/  | 0x0800 /*SUSPEND_RESUME*/;
constexpr ACCESS_MASK kThreadDeny  = 0x0001 /*TERMINATE*/ | 0x0002 /*SUSPEND_RESUME*/ |
                                     0x0010 /*SET_CONTEXT*/;

struct Entry {
    LIST_ENTRY Link;
    HANDLE     Pid;
};

class Shield {
public:
    static NTSTATUS Init();
    static NTSTATUS StartCallbacks();
    static void     StopCallbacks();
    static void     Cleanup();

    static NTSTATUS Add(HANDLE pid);
    static NTSTATUS Remove(HANDLE pid);

private:
    static bool IsProtected(HANDLE pid);

    static OB_PREOP_CALLBACK_STATUS OnPreProcess(PVOID ctx, POB_PRE_OPERATION_INFORMATION info);
    static OB_PREOP_CALLBACK_STATUS OnPreThread(PVOID ctx, POB_PRE_OPERATION_INFORMATION info);
    static void OnProcessNotify(PEPROCESS process, HANDLE pid, PPS_CREATE_NOTIFY_INFO createInfo);

    static kg::SpinLock s_Lock;
    static LIST_ENTRY   s_List;
    static PVOID        s_ObHandle;
    static bool         s_ProcessNotify;
};

} // namespace hs
