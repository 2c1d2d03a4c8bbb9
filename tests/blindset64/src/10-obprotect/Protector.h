#pragma once

#include <ntifs.h>
#include "Util.h"

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE       0x0001
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE        0x0020
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION    0x0008
#endif
#ifndef PROCESS_CREATE_THREAD
#define PROCESS_CREATE_THREAD   0x0002
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

#define OBP_DEVICE_TYPE     0x8a12
#define IOCTL_OBP_ADD       CTL_CODE(OBP_DEVICE_TYPE, 0x820, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_OBP_REMOVE    CTL_CODE(OBP_DEVICE_TYPE, 0x821, METHOD_BUFFERED, FILE_WRITE_ACCESS)

namespace obp {

constexpr ULONG kMaxPids = 32;

struct PidTable {
    KSPIN_LOCK Lock;
    ULONG      Count;
    HANDLE     Pids[kMaxPids];
};

class Protector {
public:
    static NTSTATUS Initialize(_In_ PCUNICODE_STRING ServiceKey);
    static void     Shutdown();

    static NTSTATUS Add(HANDLE Pid);
    static NTSTATUS Remove(HANDLE Pid);

private:
    static bool Contains(HANDLE Pid);

    static OB_PREOP_CALLBACK_STATUS PreProcess(PVOID Ctx, POB_PRE_OPERATION_INFORMATION Info);
    static OB_PREOP_CALLBACK_STATUS PreThread(PVOID Ctx, POB_PRE_OPERATION_INFORMATION Info);
    static void OnProcessExit(PEPROCESS Process, HANDLE Pid, PPS_CREATE_NOTIFY_INFO CreateInfo);

    static NTSTATUS ReadAltitude(_Out_ PUNICODE_STRING Altitude);

    static PidTable*           s_Table;
    static PVOID               s_ObHandle;
    static bool                s_ProcessNotify;
    static kutil::OwnedString  s_ServiceKey;
    static WCHAR               s_AltitudeBuf[32];
};

} // namespace obp
