/*
 * ObGuard - keeps selected processes from being opened for terminate / write.
 * Learning project: object manager callbacks + a small IOCTL interface.
 */
#pragma once

#include <ntddk.h>

#define OBG_TAG         'dGbO'
#define OBG_DEVICE_NAME L"\\Device\\ObGuard"
#define OBG_LINK_NAME   L"\\??\\ObGuard"
#define OBG_ALTITUDE    L"321455.7"

#define OBG_DEVICE_TYPE 0x8321
#define IOCTL_OBG_PROTECT   CTL_CODE(OBG_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_OBG_UNPROTECT CTL_CODE(OBG_DEVICE_TYPE, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_OBG_CLEAR     CTL_CODE(OBG_DEVICE_TYPE, 0x803, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define OBG_MAX_PIDS 32

/* user mode access rights, not all of them are in the kernel headers */
#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE         0x0001
#endif
#ifndef PROCESS_CREATE_THREAD
#define PROCESS_CREATE_THREAD     0x0002
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION      0x0008
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE          0x0020
#endif
#ifndef PROCESS_SUSPEND_RESUME
#define PROCESS_SUSPEND_RESUME    0x0800
#endif
#ifndef THREAD_TERMINATE
#define THREAD_TERMINATE          0x0001
#endif
#ifndef THREAD_SUSPEND_RESUME
#define THREAD_SUSPEND_RESUME     0x0002
#endif
#ifndef THREAD_SET_CONTEXT
#define THREAD_SET_CONTEXT        0x0010
#endif

#define OBG_PRINT(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "obguard: " fmt "\n", ##__VA_ARGS__)

/* what we take away from handles to protected processes / threads */
typedef struct _OBG_SETTINGS {
    ACCESS_MASK ProcessStrip;
    ACCESS_MASK ThreadStrip;
    BOOLEAN     AuditOnly;
} OBG_SETTINGS, *POBG_SETTINGS;

typedef struct _OBG_GLOBALS {
    PDEVICE_OBJECT DeviceObject;
    PVOID          CallbackHandle;
    KSPIN_LOCK     PidLock;
    ULONG          PidCount;
    ULONG          Pids[OBG_MAX_PIDS];
} OBG_GLOBALS;

extern OBG_GLOBALS g_Obg;

/* callbacks.c */
OB_PREOP_CALLBACK_STATUS ObgPreProcessHandle(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info);
OB_PREOP_CALLBACK_STATUS ObgPreThreadHandle(PVOID RegistrationContext, POB_PRE_OPERATION_INFORMATION Info);

BOOLEAN  ObgIsProtected(ULONG Pid);
NTSTATUS ObgAddPid(ULONG Pid);
NTSTATUS ObgRemovePid(ULONG Pid);
VOID     ObgClearPids(VOID);
