#pragma once
//
// obguard - small anti-tamper driver for a game client.
// Strips dangerous access rights from handles opened to the protected
// game process (and its threads) by other user-mode processes.
//
#include <ntddk.h>

#define OBG_TAG             'gbOO'
#define OBG_DEVICE_NAME     L"\\Device\\ObGuard"
#define OBG_SYMLINK_NAME    L"\\??\\ObGuard"
#define OBG_ALTITUDE        L"321337.5"
#define OBG_MAX_PROTECTED   16

#define IOCTL_OBG_PROTECT   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_OBG_UNPROTECT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#ifndef PROCESS_TERMINATE
#define PROCESS_TERMINATE          0x0001
#endif
#ifndef PROCESS_CREATE_THREAD
#define PROCESS_CREATE_THREAD      0x0002
#endif
#ifndef PROCESS_VM_OPERATION
#define PROCESS_VM_OPERATION       0x0008
#endif
#ifndef PROCESS_VM_READ
#define PROCESS_VM_READ            0x0010
#endif
#ifndef PROCESS_VM_WRITE
#define PROCESS_VM_WRITE           0x0020
#endif
#ifndef PROCESS_SUSPEND_RESUME
#define PROCESS_SUSPEND_RESUME     0x0800
#endif
#ifndef THREAD_TERMINATE
#define THREAD_TERMINATE           0x0001
#endif
#ifndef THREAD_SUSPEND_RESUME
#define THREAD_SUSPEND_RESUME      0x0002
#endif
#ifndef THREAD_SET_CONTEXT
#define THREAD_SET_CONTEXT         0x0010
#endif
#ifndef THREAD_GET_CONTEXT
#define THREAD_GET_CONTEXT         0x0008
#endif

#define OBG_STRIP_PROCESS (PROCESS_TERMINATE | PROCESS_CREATE_THREAD | PROCESS_VM_OPERATION | \
                           PROCESS_VM_READ | PROCESS_VM_WRITE | PROCESS_SUSPEND_RESUME)
#define OBG_STRIP_THREAD  (THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_SET_CONTEXT | \
                           THREAD_GET_CONTEXT)

#define OBG_PRINT(lvl, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, lvl, "[obguard] " fmt "\n", __VA_ARGS__)
#define OBG_INFO(fmt, ...)  OBG_PRINT(DPFLTR_INFO_LEVEL, fmt, __VA_ARGS__)
#define OBG_ERR(fmt, ...)   OBG_PRINT(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)

//
// Evaluate, log and jump to the common Cleanup label on failure.
//
#define OBG_CHECK(st, what)                                        \
    do {                                                           \
        if (!NT_SUCCESS(st)) {                                     \
            OBG_ERR("%s failed: 0x%08X", what, (st));              \
            goto Cleanup;                                          \
        }                                                          \
    } while (0)

typedef struct _OBG_TABLE {
    KSPIN_LOCK Lock;
    ULONG      Count;
    HANDLE     Pids[OBG_MAX_PROTECTED];
} OBG_TABLE, *POBG_TABLE;

typedef struct _OBG_GLOBALS {
    PDEVICE_OBJECT DeviceObject;
    UNICODE_STRING SymLink;
    BOOLEAN        SymLinkCreated;
    PVOID          ObHandle;
    BOOLEAN        ProcNotifyRegistered;
    POBG_TABLE     Table;
} OBG_GLOBALS, *POBG_GLOBALS;

extern OBG_GLOBALS g_Obg;

//
// table.c
//
NTSTATUS ObgTableCreate(VOID);
VOID     ObgTableDestroy(VOID);
NTSTATUS ObgTableAdd(_In_ HANDLE Pid);
VOID     ObgTableRemove(_In_ HANDLE Pid);
BOOLEAN  ObgTableContains(_In_ HANDLE Pid);
