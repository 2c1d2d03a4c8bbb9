#pragma once

#include <ntifs.h>

#define PG_TAG              'drGP'
#define PG_DEVICE_NAME      L"\\Device\\ProcGuard"
#define PG_LINK_NAME        L"\\??\\ProcGuard"
#define PG_ALTITUDE         L"328810"
#define PG_MAX_NAME_CHARS   64

#define IOCTL_PG_SET_AGENT      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x870, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PG_BLOCK_IMAGE    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x871, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PG_UNBLOCK_ALL    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x872, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE       0x0001
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE        0x0020
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION    0x0008
#endif
#ifndef THREAD_TERMINATE
#define THREAD_TERMINATE        0x0001
#endif

#define PG_DENIED_PROCESS_RIGHTS  (PROCESS_TERMINATE | PROCESS_VM_WRITE | PROCESS_VM_OPERATION)
#define PG_DENIED_THREAD_RIGHTS   (THREAD_TERMINATE)

#define PGLOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "procguard: " fmt "\n", __VA_ARGS__)
#define PGERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "procguard: " fmt "\n", __VA_ARGS__)

typedef struct _PG_BLOCKED_NAME {
    LIST_ENTRY      Link;
    UNICODE_STRING  Name;
    WCHAR           Buffer[PG_MAX_NAME_CHARS];
} PG_BLOCKED_NAME, *PPG_BLOCKED_NAME;

typedef struct _PG_STATE {
    PDEVICE_OBJECT  Device;
    UNICODE_STRING  Link;
    BOOLEAN         LinkCreated;

    ERESOURCE       NamesLock;
    BOOLEAN         NamesLockReady;
    LIST_ENTRY      Names;

    volatile LONG   AgentPid;

    BOOLEAN         ProcessNotify;
    PVOID           ObHandle;
} PG_STATE;

extern PG_STATE g_Pg;

/* guard.c */
VOID     PgProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId, _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);
NTSTATUS PgRegisterObCallbacks(VOID);
NTSTATUS PgAddBlockedName(_In_reads_bytes_(Bytes) PCWSTR Name, _In_ ULONG Bytes);
VOID     PgClearBlockedNames(VOID);
