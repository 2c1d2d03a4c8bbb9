/*
 * procwatch - process / thread / image-load monitor
 *
 * Small learning project: logs process, thread and image-load notifications
 * into an in-memory queue that the user-mode tool (pwcli.exe) drains with
 * IOCTL_PW_GET_EVENTS. Can also deny a configurable list of image names.
 *
 * NOTE: link with /INTEGRITYCHECK, otherwise PsSetCreateProcessNotifyRoutineEx2
 * returns STATUS_ACCESS_DENIED.
 */
#pragma once

#include <ntddk.h>
#include <ntstrsafe.h>

#define PW_TAG            'hcWP'
#define PW_DEVICE_NAME    L"\\Device\\ProcWatch"
#define PW_LINK_NAME      L"\\??\\ProcWatch"
#define PW_MAX_QUEUED     1024
#define PW_NAME_CHARS     128

#define IOCTL_PW_GET_EVENTS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PW_GET_STATS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)

#define PW_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "procwatch: " fmt "\n", __VA_ARGS__)

typedef enum _PW_EVENT_TYPE {
    PwProcessCreate = 1,
    PwProcessExit,
    PwThreadCreate,
    PwThreadExit,
    PwImageLoad
} PW_EVENT_TYPE;

/* what user mode gets back, one after the other */
typedef struct _PW_EVENT_RECORD {
    ULONG         Type;
    ULONG         ProcessId;
    ULONG         ParentOrThreadId;
    LARGE_INTEGER Time;
    WCHAR         Name[PW_NAME_CHARS];
} PW_EVENT_RECORD, *PPW_EVENT_RECORD;

typedef struct _PW_STATS {
    LONG ProcessCreates;
    LONG ProcessExits;
    LONG ThreadCreates;
    LONG ThreadExits;
    LONG ImageLoads;
    LONG Dropped;
    LONG Denied;
} PW_STATS, *PPW_STATS;

typedef struct _PW_EVENT_ENTRY {
    LIST_ENTRY      Link;
    PW_EVENT_RECORD Record;
} PW_EVENT_ENTRY, *PPW_EVENT_ENTRY;

typedef struct _PW_GLOBALS {
    PDEVICE_OBJECT DeviceObject;
    LIST_ENTRY     Queue;
    ULONG          QueueLength;
    KSPIN_LOCK     QueueLock;
    PW_STATS       Stats;
} PW_GLOBALS;

extern PW_GLOBALS g_Pw;

/* callbacks.c */
VOID PwOnProcessNotify(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo);
VOID PwOnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create);
VOID PwOnImageNotify(PUNICODE_STRING FullImageName, HANDLE ProcessId, PIMAGE_INFO ImageInfo);
VOID PwPushEvent(PW_EVENT_TYPE Type, HANDLE Pid, HANDLE Other, PCUNICODE_STRING Name);
VOID PwFreeEventQueue(VOID);
ULONG PwDrainEvents(PPW_EVENT_RECORD Out, ULONG MaxRecords);
