/*
 *  procguard - keeps the endpoint agent's processes from being killed or
 *  tampered with from user mode.
 *
 *  (c) 2022 Quillon Security GmbH
 */
#pragma once

#include <ntifs.h>

#define PG_TAG            'dGgP'
#define PG_DEVICE_NAME    L"\\Device\\ProcGuard"
#define PG_LINK_NAME      L"\\??\\ProcGuard"
#define PG_ALTITUDE       L"328910"
#define PG_MAX_PROTECTED  16

#define IOCTL_PG_PROTECT_SELF  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xC01, METHOD_NEITHER, FILE_ANY_ACCESS)
#define IOCTL_PG_UNPROTECT_ALL CTL_CODE(FILE_DEVICE_UNKNOWN, 0xC02, METHOD_NEITHER, FILE_ANY_ACCESS)

// user-mode access right names (winnt.h); ntddk.h does not define them all
#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE        0x0001
#define PROCESS_CREATE_THREAD    0x0002
#define PROCESS_VM_OPERATION     0x0008
#define PROCESS_VM_WRITE         0x0020
#endif
#ifndef PROCESS_SUSPEND_RESUME
#define PROCESS_SUSPEND_RESUME   0x0800
#endif

#define PG_DENIED_PROCESS_ACCESS \
    (PROCESS_TERMINATE | PROCESS_CREATE_THREAD | PROCESS_VM_WRITE | PROCESS_VM_OPERATION | PROCESS_SUSPEND_RESUME)

typedef struct _PG_STATE {
    NTSTATUS        LastStatus;         // status of the last init step
    EX_PUSH_LOCK    Lock;
    HANDLE          Protected[PG_MAX_PROTECTED];
    ULONG           ProtectedCount;
    PDEVICE_OBJECT  Device;
    BOOLEAN         LinkCreated;
    BOOLEAN         ProcessNotifyRegistered;
    PVOID           ObRegistration;
} PG_STATE;

extern PG_STATE State;

// policy.c
BOOLEAN PgIsProtected(_In_ HANDLE ProcessId);
NTSTATUS PgProtect(_In_ HANDLE ProcessId);
VOID PgForget(_In_ HANDLE ProcessId);
VOID PgForgetAll(VOID);

// Store the result of an init step in State.LastStatus and bail out.
#define PG_TRY(_expr)                                         \
    if (!NT_SUCCESS(State.LastStatus = (_expr))) {            \
        KdPrint(("procguard: %s failed 0x%08X\n", #_expr, State.LastStatus)); \
        goto Fail;                                            \
    }
