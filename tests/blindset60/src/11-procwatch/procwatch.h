/*
 * procwatch.h
 */
#pragma once

#include <ntifs.h>          // ZwWaitForSingleObject
#include "pwioctl.h"

#define PW_TAG            'hctW'
#define PW_DEVICE_NAME    L"\\Device\\ProcWatch"
#define PW_LINK_NAME      L"\\??\\ProcWatch"
#define PW_EVENT_NAME     L"\\BaseNamedObjects\\ProcWatchReady"
#define PW_MAX_RECORDS    2048
#define PW_COALESCE_MS    200

#define PW_TRACE(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "ProcWatch: %s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

typedef struct _PW_ENTRY {
    LIST_ENTRY Link;
    PW_RECORD  Record;
} PW_ENTRY, *PPW_ENTRY;

typedef struct _PW_GLOBALS {
    PDEVICE_OBJECT DeviceObject;

    // records waiting for the app
    LIST_ENTRY     Records;
    FAST_MUTEX     RecordsLock;
    ULONG          RecordCount;
    ULONG          Dropped;

    // named event the app waits on
    HANDLE         UserEventHandle;
    PKEVENT        UserEvent;

    // worker: coalesces wakeups so the app isn't woken per record
    PETHREAD       Worker;
    KEVENT         WakeEvent;
    KEVENT         StopEvent;
} PW_GLOBALS;

extern PW_GLOBALS g_Pw;

// events.c
VOID  PwRecord(ULONG Type, HANDLE ProcessId, PVOID ImageBase, PCUNICODE_STRING Name);
ULONG PwDrain(PW_RECORD* Out, ULONG MaxCount);
VOID  PwFreeRecords(VOID);
VOID  PwProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
VOID  PwImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);

// worker.c
NTSTATUS PwStartWorker(VOID);
VOID     PwStopWorker(VOID);
