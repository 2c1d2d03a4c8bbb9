//
// procwatch - a small process / thread / image load monitor.
// Written while following along with the "Windows Kernel Programming" chapters
// on notifications. User mode client polls events with IOCTL_PW_GET_EVENTS.
//
#pragma once

#include <ntddk.h>

#define PW_TAG              'hcWP'
#define PW_DEVICE_NAME      L"\\Device\\ProcWatch"
#define PW_SYMLINK_NAME     L"\\??\\ProcWatch"
#define PW_MAX_EVENTS       4096
#define PW_IMAGE_CHARS      96

#define PW_LOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "[procwatch] " fmt "\n", __VA_ARGS__)
#define PW_ERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[procwatch] ERROR: " fmt "\n", __VA_ARGS__)

#define IOCTL_PW_GET_EVENTS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PW_CLEAR       CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef enum _PW_EVENT_TYPE {
    PwProcessCreate = 1,
    PwProcessExit,
    PwThreadCreate,
    PwThreadExit,
    PwImageLoad
} PW_EVENT_TYPE;

//
// What user mode receives (packed one after the other in the output buffer).
//
typedef struct _PW_EVENT_DATA {
    PW_EVENT_TYPE Type;
    ULONG         ProcessId;
    ULONG         ParentOrThreadId;
    LARGE_INTEGER Time;
    WCHAR         ImageName[PW_IMAGE_CHARS];
} PW_EVENT_DATA, *PPW_EVENT_DATA;

typedef struct _PW_EVENT {
    LIST_ENTRY    Link;
    PW_EVENT_DATA Data;
} PW_EVENT, *PPW_EVENT;

typedef struct _PW_GLOBALS {
    PDEVICE_OBJECT         DeviceObject;
    LIST_ENTRY             EventList;
    FAST_MUTEX             ListLock;
    ULONG                  EventCount;
    NPAGED_LOOKASIDE_LIST  EventPool;
    BOOLEAN                ProcessNotifyRegistered;
    BOOLEAN                ThreadNotifyRegistered;
    BOOLEAN                ImageNotifyRegistered;
} PW_GLOBALS;

extern PW_GLOBALS g_Pw;

// callbacks.c
NTSTATUS PwRegisterCallbacks(VOID);
VOID     PwUnregisterCallbacks(VOID);

// events.c
VOID     PwPushEvent(_In_ PW_EVENT_TYPE Type, _In_ HANDLE Pid, _In_ HANDLE Other, _In_opt_ PCUNICODE_STRING Image);
ULONG    PwCopyEvents(_Out_writes_bytes_(Length) PUCHAR Buffer, _In_ ULONG Length);
VOID     PwFreeAllEvents(VOID);
