#pragma once

#include <ntddk.h>
#include "pg_ioctl.h"

#define PG_TAG              'dGgP'
#define PG_DEVICE_NAME      L"\\Device\\ProcGuard"
#define PG_SYMLINK_NAME     L"\\??\\ProcGuard"
#define PG_ALTITUDE         L"321000.5"
#define PG_MAX_PROTECTED    64

#define PG_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[procguard] " fmt "\n", __VA_ARGS__)
#define PG_ERR(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[procguard] !! " fmt "\n", __VA_ARGS__)

/* access rights we care about, not all of them are in the WDK headers */
#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE           0x0001
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
#ifndef THREAD_SET_CONTEXT
#define THREAD_SET_CONTEXT          0x0010
#endif

typedef struct _PG_ENTRY {
    LIST_ENTRY  Link;
    HANDLE      ProcessId;
    ULONG       Flags;
} PG_ENTRY, *PPG_ENTRY;

typedef struct _PG_GLOBALS {
    PDEVICE_OBJECT  DeviceObject;
    PVOID           ObRegHandle;
    LIST_ENTRY      ProtectedList;
    KSPIN_LOCK      ListLock;
    ULONG           ProtectedCount;
    BOOLEAN         LinkCreated;
} PG_GLOBALS, *PPG_GLOBALS;

extern PG_GLOBALS g_Pg;

/* protect.c */
NTSTATUS PgRegisterCallbacks(VOID);
VOID     PgUnregisterCallbacks(VOID);
ULONG    PgLookup(_In_ HANDLE ProcessId);
NTSTATUS PgAddProcess(_In_ HANDLE ProcessId, _In_ ULONG Flags);
NTSTATUS PgRemoveProcess(_In_ HANDLE ProcessId);
VOID     PgClearAll(VOID);
