/*
 * cbkit.h - callback kit: process, thread and image notifications, counted
 * per process in a small table.
 */
#pragma once
#include <ntddk.h>

#define CBKIT_TAG 'tKbC'

/* image-load tracking; comment out to build a process/thread-only driver */
#define CBKIT_WATCH_IMAGES 1

#define LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "cbkit: " fmt "\n", __VA_ARGS__)

/* bail out of the current function with the failing status */
#define RETURN_IF_FAIL(expr)                                    \
    do {                                                        \
        NTSTATUS _s = (expr);                                   \
        if (!NT_SUCCESS(_s)) {                                  \
            LOG("%s failed: 0x%08X", #expr, _s);                \
            return _s;                                          \
        }                                                       \
    } while (0)

#define CBF_PROCESS 0x1
#define CBF_THREAD  0x2
#define CBF_IMAGE   0x4

#define CBKIT_MAX_TRACKED 128

typedef struct _CB_PROC_ENTRY {
    HANDLE ProcessId;
    ULONG  Threads;
    ULONG  Images;
} CB_PROC_ENTRY;

typedef struct _CB_STATE {
    ULONG         Flags;
    FAST_MUTEX    Lock;
    ULONG         Used;
    CB_PROC_ENTRY Procs[CBKIT_MAX_TRACKED];
} CB_STATE;

extern CB_STATE g_Cb;

NTSTATUS CbInitState(VOID);

VOID CbProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
VOID CbThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);
VOID CbImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);
