#pragma once
#include <ntddk.h>
#include "../shared/guardian_ioctl.h"

#define GUARD_TAG 'draG'

#define GLOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "guardian: " fmt "\n", ##__VA_ARGS__)

/* access bits we take away from handles to protected processes */
#define GUARD_DENY_PROCESS (PROCESS_TERMINATE | PROCESS_VM_WRITE | PROCESS_VM_OPERATION | \
                            PROCESS_CREATE_THREAD | PROCESS_SUSPEND_RESUME)

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

typedef struct _GUARD_POLICY {
    ACCESS_MASK StripMask;
    BOOLEAN     LogHits;
    BOOLEAN     AllowSelf;
} GUARD_POLICY, *PGUARD_POLICY;

/* pid table */
VOID     GuardTableInit(VOID);
NTSTATUS GuardTableAdd(ULONG Pid);
NTSTATUS GuardTableRemove(ULONG Pid);
VOID     GuardTableClear(VOID);
BOOLEAN  GuardTableContains(ULONG Pid);

/* object callbacks */
NTSTATUS GuardRegisterCallbacks(PGUARD_POLICY Policy, PVOID *Handle);
VOID     GuardUnregisterCallbacks(PVOID Handle);

/* process exit notify, so stale pids drop out */
VOID GuardProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
