//
// proclog - writes one line per process start to C:\ProgramData\proclog\proclog.txt
// (lab tool for the malware-analysis course, week 6)
//
#pragma once

#include <ntifs.h>
#include <ntstrsafe.h>

#define PL_TAG          'gLcP'
#define PL_LOG_PATH     L"\\??\\C:\\ProgramData\\proclog\\proclog.txt"
#define PL_FLUSH_MS     2000
#define PL_LINE_CHARS   300

typedef struct _PL_RECORD {
    LIST_ENTRY      Link;
    LARGE_INTEGER   Time;
    HANDLE          ProcessId;
    HANDLE          ParentId;
    WCHAR           Image[260];
} PL_RECORD, *PPL_RECORD;

typedef struct _PL_WORKER_CONTEXT {
    UNICODE_STRING  LogPath;
    ULONG           FlushIntervalMs;
    ULONG           MaxFileBytes;
} PL_WORKER_CONTEXT, *PPL_WORKER_CONTEXT;

typedef struct _PL_GLOBALS {
    KSPIN_LOCK              QueueLock;
    LIST_ENTRY              Queue;
    ULONG                   QueueDepth;
    KEVENT                  QueueEvent;
    KEVENT                  StopEvent;
    PKTHREAD                Worker;
    NPAGED_LOOKASIDE_LIST   RecordPool;
    BOOLEAN                 NotifyRegistered;
} PL_GLOBALS;

extern PL_GLOBALS Pl;

// worker.c
KSTART_ROUTINE PlWorkerThread;
