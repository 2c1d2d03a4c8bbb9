/*
 * protect.h - ObProtect: strips dangerous access rights from handles to
 * processes the user asked us to protect.
 */
#pragma once

#include <ntddk.h>

#define PROTECT_TAG         'tcrP'
#define PROTECT_MAX_PIDS    16
#define PROTECT_ALTITUDE    L"321456.77"

#define IOCTL_PROTECT_ADD_PID   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PROTECT_CLEAR     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE           0x0001
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION        0x0008
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE            0x0020
#endif
#ifndef PROCESS_SUSPEND_RESUME
#define PROCESS_SUSPEND_RESUME      0x0800
#endif
#ifndef THREAD_TERMINATE
#define THREAD_TERMINATE            0x0001
#endif
#ifndef THREAD_SUSPEND_RESUME
#define THREAD_SUSPEND_RESUME       0x0002
#endif

/* what to take away, tunable from the service key */
typedef struct _PROTECT_CONFIG {
    ACCESS_MASK StripProcess;
    ACCESS_MASK StripThread;
    BOOLEAN     LogOnly;
} PROTECT_CONFIG, *PPROTECT_CONFIG;

typedef struct _PROTECT_STATE {
    KSPIN_LOCK  Lock;
    HANDLE      Pids[PROTECT_MAX_PIDS];
    ULONG       Count;
    PVOID       RegistrationHandle;
} PROTECT_STATE, *PPROTECT_STATE;

extern PROTECT_STATE g_Protect;

#define LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[obprotect] " fmt "\n", __VA_ARGS__)
#define LOGERR(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[obprotect] " fmt "\n", __VA_ARGS__)

/* callbacks.c */
OB_PREOP_CALLBACK_STATUS ProtectPreProcess(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info);
OB_PREOP_CALLBACK_STATUS ProtectPreThread(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info);
BOOLEAN ProtectIsProtected(HANDLE Pid);
NTSTATUS ProtectAdd(HANDLE Pid);
VOID ProtectClear(VOID);
