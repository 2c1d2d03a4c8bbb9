#pragma once

#include <ntifs.h>

#define PW_DEVICE_NAME   L"\\Device\\ProcWatch"
#define PW_LINK_NAME     L"\\??\\ProcWatch"
#define PW_POOL_TAG      'hcWP'
#define PW_MAX_EVENTS    1024

#define IOCTL_PW_GET_EVENTS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PW_CLEAR       CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef enum _PW_EVENT_TYPE {
    PwProcessCreate = 1,
    PwProcessExit,
    PwThreadCreate,
    PwThreadExit
} PW_EVENT_TYPE;

typedef struct _PW_EVENT {
    PW_EVENT_TYPE Type;
    ULONG ProcessId;
    ULONG ParentId;
    ULONG ThreadId;
    LARGE_INTEGER Time;
    WCHAR ImageName[64];
} PW_EVENT, *PPW_EVENT;

typedef struct _PW_EVENT_ENTRY {
    LIST_ENTRY Link;
    PW_EVENT Event;
} PW_EVENT_ENTRY, *PPW_EVENT_ENTRY;

// stuff in procwatch.c
extern LIST_ENTRY g_EventList;
extern KSPIN_LOCK g_EventLock;
extern ULONG g_EventCount;

VOID PwPushEvent(PPW_EVENT Event);
ULONG PwPopEvents(PPW_EVENT Buffer, ULONG MaxCount);
VOID PwFreeAllEvents(VOID);
