#pragma once

#include <ntifs.h>

#define OBP_TAG            'tPbO'
#define OBP_MAX_PROTECTED  32
#define OBP_ALTITUDE       L"321000.5"

#define OBP_DEVICE   L"\\Device\\ObProtect"
#define OBP_SYMLINK  L"\\??\\ObProtect"

#define IOCTL_OBP_ADD_PID     CTL_CODE(0x8000, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OBP_REMOVE_PID  CTL_CODE(0x8000, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OBP_CLEAR       CTL_CODE(0x8000, 0x903, METHOD_BUFFERED, FILE_ANY_ACCESS)

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE        0x0001
#endif
#define PROCESS_VM_OPERATION     0x0008
#define PROCESS_VM_READ          0x0010
#define PROCESS_VM_WRITE         0x0020
#define PROCESS_SUSPEND_RESUME   0x0800

#define OBP_STRIP_MASK (PROCESS_TERMINATE | PROCESS_VM_OPERATION | \
                        PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_SUSPEND_RESUME)

typedef struct _OBP_STATE {
    PDEVICE_OBJECT Device;
    PVOID RegHandle;
    FAST_MUTEX TableLock;
    ULONG Pids[OBP_MAX_PROTECTED];
    ULONG PidCount;
} OBP_STATE, *POBP_STATE;

extern OBP_STATE g_Obp;

/* protect.c */
VOID ProtInitTable(VOID);
BOOLEAN ProtIsProtected(ULONG Pid);
NTSTATUS ProtAdd(ULONG Pid);
NTSTATUS ProtRemove(ULONG Pid);
VOID ProtClear(VOID);

OB_PREOP_CALLBACK_STATUS ProtPreOperation(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info);
