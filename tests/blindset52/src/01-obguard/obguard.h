//
// obguard.h - shared defs for the ObGuard handle stripper
//
// Strips dangerous access rights from handles opened to processes that the
// user-mode launcher asks us to protect (game client, anti-cheat service...).
//
#pragma once

#include <ntifs.h>

#define OBG_TAG             'gbO'           // "Obg" in !poolused
#define OBG_DEVICE_NAME     L"\\Device\\ObGuard"
#define OBG_LINK_NAME       L"\\??\\ObGuard"
#define OBG_ALTITUDE        L"321337.5"
#define OBG_MAX_PIDS        64

#define OBG_IOCTL_BASE      0x820
#define IOCTL_OBG_PROTECT   CTL_CODE(FILE_DEVICE_UNKNOWN, OBG_IOCTL_BASE + 0, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OBG_UNPROTECT CTL_CODE(FILE_DEVICE_UNKNOWN, OBG_IOCTL_BASE + 1, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OBG_CLEAR     CTL_CODE(FILE_DEVICE_UNKNOWN, OBG_IOCTL_BASE + 2, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_OBG_STATS     CTL_CODE(FILE_DEVICE_UNKNOWN, OBG_IOCTL_BASE + 3, METHOD_BUFFERED, FILE_ANY_ACCESS)

// not all of these make it into the kernel headers
#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE           0x0001
#endif
#ifndef PROCESS_CREATE_THREAD
#define PROCESS_CREATE_THREAD       0x0002
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION        0x0008
#endif
#ifndef PROCESS_VM_READ
#define PROCESS_VM_READ             0x0010
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
#ifndef THREAD_GET_CONTEXT
#define THREAD_GET_CONTEXT          0x0008
#endif
#ifndef THREAD_SET_CONTEXT
#define THREAD_SET_CONTEXT          0x0010
#endif

#define OBG_PROCESS_STRIP   (PROCESS_TERMINATE | PROCESS_CREATE_THREAD | PROCESS_VM_OPERATION | \
                             PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_SUSPEND_RESUME)
#define OBG_THREAD_STRIP    (THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_GET_CONTEXT | THREAD_SET_CONTEXT)

#if DBG
#define OBG_LOG(fmt, ...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[obguard] " fmt, __VA_ARGS__)
#else
#define OBG_LOG(fmt, ...)
#endif
#define OBG_ERR(fmt, ...)   DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[obguard] !! " fmt, __VA_ARGS__)

typedef struct _OBG_PID_TABLE {
    KSPIN_LOCK  Lock;
    ULONG       Count;
    HANDLE      Pids[OBG_MAX_PIDS];
} OBG_PID_TABLE, *POBG_PID_TABLE;

typedef struct _OBG_STATS {
    ULONG ProtectedCount;
    LONG  ProcessStrips;
    LONG  ThreadStrips;
} OBG_STATS, *POBG_STATS;

typedef struct _OBG_GLOBALS {
    PDEVICE_OBJECT  DeviceObject;
    PVOID           ObRegHandle;
    POBG_PID_TABLE  Table;
    volatile LONG   ProcessStrips;
    volatile LONG   ThreadStrips;
} OBG_GLOBALS;

extern OBG_GLOBALS g_Obg;

// protect.c
BOOLEAN  ObgInitPidTable(VOID);
VOID     ObgFreePidTable(VOID);
BOOLEAN  ObgIsProtected(_In_ HANDLE Pid);
NTSTATUS ObgAddPid(_In_ HANDLE Pid);
NTSTATUS ObgRemovePid(_In_ HANDLE Pid);
VOID     ObgClearPids(VOID);
ULONG    ObgPidCount(VOID);
NTSTATUS ObgRegisterObCallbacks(VOID);
VOID     ObgUnregisterObCallbacks(VOID);
