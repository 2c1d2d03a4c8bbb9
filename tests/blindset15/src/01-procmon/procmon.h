#pragma once

#include <ntddk.h>

#define PROCMON_TAG         'mcrP'
#define PROCMON_MAX_EVENTS  1024

#define PROCMON_DEVICE_NAME L"\\Device\\ProcMon"
#define PROCMON_LINK_NAME   L"\\??\\ProcMon"

#define IOCTL_PROCMON_READ \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef enum _PM_EVENT_TYPE {
    PmProcessCreate = 1,
    PmProcessExit,
    PmThreadCreate,
    PmThreadExit,
    PmImageLoad
} PM_EVENT_TYPE;

typedef struct _PM_EVENT {
    PM_EVENT_TYPE Type;
    LARGE_INTEGER Time;
    ULONG ProcessId;
    ULONG ParentOrThreadId;
    PVOID ImageBase;
    SIZE_T ImageSize;
} PM_EVENT, *PPM_EVENT;

typedef struct _PM_EVENT_ENTRY {
    LIST_ENTRY Link;
    PM_EVENT Event;
} PM_EVENT_ENTRY, *PPM_EVENT_ENTRY;

typedef struct _PM_GLOBALS {
    PDEVICE_OBJECT DeviceObject;
    KSPIN_LOCK Lock;
    LIST_ENTRY Events;
    ULONG Count;
} PM_GLOBALS;

extern PM_GLOBALS g_Pm;

//
// notify.c
//
VOID PmOnProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);

VOID PmOnThreadNotify(
    _In_ HANDLE ProcessId,
    _In_ HANDLE ThreadId,
    _In_ BOOLEAN Create);

VOID PmOnImageLoad(
    _In_opt_ PUNICODE_STRING FullImageName,
    _In_ HANDLE ProcessId,
    _In_ PIMAGE_INFO ImageInfo);

VOID PmPushEvent(_In_ const PM_EVENT* Event);
ULONG PmPopEvents(_Out_writes_(MaxEvents) PPM_EVENT Buffer, _In_ ULONG MaxEvents);
VOID PmFlushEvents(VOID);
