/*
 * bootmon.h - boot-start process/thread/image activity monitor.
 *
 * Starts with the boot drivers so the earliest user-mode processes are
 * seen, and reports them over ETW (manifest events for the collector,
 * TraceLogging for ad-hoc tracing).
 */
#pragma once

#include <ntddk.h>
#include <evntrace.h>
#include <TraceLoggingProvider.h>

#define BM_TAG              'nMtB'

#define BM_F_ETW            0x0001
#define BM_F_TRACELOGGING   0x0002
#define BM_F_PROCESS        0x0004
#define BM_F_THREAD         0x0008
#define BM_F_IMAGE          0x0010

#define BM_EVT_PROCESS_START    1
#define BM_EVT_PROCESS_STOP     2
#define BM_EVT_THREAD_START     3
#define BM_EVT_IMAGE_LOAD       4
#define BM_EVT_BOOT_DONE        5

typedef struct _BM_CONFIG {
    ULONG   TrackThreads;
    ULONG   TrackImages;
    ULONG   LogCommandLines;
} BM_CONFIG, *PBM_CONFIG;

typedef struct _BM_REINIT_CONTEXT {
    ULONGLONG   LoadInterruptTime;
    ULONG       ProcessesAtLoad;
    ULONG       Flags;
} BM_REINIT_CONTEXT, *PBM_REINIT_CONTEXT;

typedef struct _BM_GLOBALS {
    ULONG               Flags;
    BM_CONFIG           Config;
    REGHANDLE           EtwHandle;
    volatile LONG       EtwEnabled;
    UCHAR               EtwLevel;
    ULONGLONG           EtwKeywords;
    volatile LONG       ProcessCount;
    volatile LONG64     ImageLoads;
} BM_GLOBALS;

extern BM_GLOBALS g_Bm;

TRACELOGGING_DECLARE_PROVIDER(g_BmTraceProvider);

/* etw.c */
NTSTATUS BmEtwRegister(VOID);
VOID     BmEtwUnregister(VOID);
VOID     BmEtwWriteProcess(_In_ USHORT EventId, _In_ HANDLE ProcessId, _In_ HANDLE ParentId,
                           _In_opt_ PCUNICODE_STRING ImageName);
VOID     BmEtwWriteImage(_In_ HANDLE ProcessId, _In_opt_ PCUNICODE_STRING ImageName,
                         _In_ PVOID ImageBase, _In_ SIZE_T ImageSize);
VOID     BmEtwWriteBootDone(_In_ ULONGLONG ElapsedMs, _In_ ULONG Processes);

/* notify.c */
VOID BmProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                     _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);
VOID BmThreadNotify(_In_ HANDLE ProcessId, _In_ HANDLE ThreadId, _In_ BOOLEAN Create);
VOID BmImageNotify(_In_opt_ PUNICODE_STRING FullImageName, _In_ HANDLE ProcessId,
                   _In_ PIMAGE_INFO ImageInfo);
