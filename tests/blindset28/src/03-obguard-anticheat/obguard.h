/*
 * ObGuard - toy anti-cheat: strips dangerous access rights from handles
 * that other processes open to the protected game process.
 *
 * The launcher tells us the PID through IOCTL_AG_PROTECT_PID right after it
 * creates the game suspended.
 */
#pragma once

#include <ntddk.h>

#define AG_DEVICE_NAME   L"\\Device\\ObGuard"
#define AG_LINK_NAME     L"\\??\\ObGuard"
#define AG_ALTITUDE      L"328810.77"

#define AG_MAX_OB_OPS    2

#define IOCTL_AG_PROTECT_PID  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_AG_UNPROTECT    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_AG_QUERY_STATS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_READ_ACCESS)

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE         0x0001
#endif
#ifndef PROCESS_CREATE_THREAD
#define PROCESS_CREATE_THREAD     0x0002
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
#ifndef THREAD_TERMINATE
#define THREAD_TERMINATE          0x0001
#endif
#ifndef THREAD_SUSPEND_RESUME
#define THREAD_SUSPEND_RESUME     0x0002
#endif
#ifndef THREAD_GET_CONTEXT
#define THREAD_GET_CONTEXT        0x0008
#endif
#ifndef THREAD_SET_CONTEXT
#define THREAD_SET_CONTEXT        0x0010
#endif

#define AG_STRIP_PROCESS (PROCESS_TERMINATE | PROCESS_CREATE_THREAD | PROCESS_VM_OPERATION | \
                          PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_SUSPEND_RESUME)

#define AG_STRIP_THREAD  (THREAD_TERMINATE | THREAD_SUSPEND_RESUME | \
                          THREAD_GET_CONTEXT | THREAD_SET_CONTEXT)

typedef struct _AG_CONFIG {
    ULONG ProtectThreads;      // <service key>\ProtectThreads (REG_DWORD), default 0
} AG_CONFIG;

typedef struct _AG_STATS {
    ULONG ProtectedPid;
    LONG  ProcessHandlesStripped;
    LONG  ThreadHandlesStripped;
} AG_STATS, *PAG_STATS;

extern volatile LONG g_ProtectedPid;
extern AG_STATS      g_Stats;

/* callbacks.c */
OB_PREOP_CALLBACK_STATUS
AgProcessPreOp(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    );

OB_PREOP_CALLBACK_STATUS
AgThreadPreOp(
    _In_ PVOID RegistrationContext,
    _Inout_ POB_PRE_OPERATION_INFORMATION Info
    );

VOID
AgProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    );
