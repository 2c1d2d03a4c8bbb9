#pragma once
#include <ntddk.h>

#define PM_TAG              'nMrP'
#define PM_MAX_QUEUED       4096
#define PM_DEVICE_NAME      L"\\Device\\ProcMonLite"
#define PM_LINK_NAME        L"\\??\\ProcMonLite"

#define PM_LOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "procmon: " fmt "\n", __VA_ARGS__)
#define PM_ERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "procmon!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

#define IOCTL_PM_GET_EVENTS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef enum _PM_EVENT_TYPE {
    PmProcessCreate = 1,
    PmProcessExit,
    PmThreadCreate,
    PmThreadExit
} PM_EVENT_TYPE;

// what usermode receives
typedef struct _PM_EVENT_DATA {
    PM_EVENT_TYPE Type;
    ULONG         ProcessId;
    ULONG         ParentOrThreadId;
    LARGE_INTEGER Time;
    WCHAR         ImageName[64];
} PM_EVENT_DATA, *PPM_EVENT_DATA;

// what we queue
typedef struct _PM_EVENT {
    LIST_ENTRY    Link;
    PM_EVENT_DATA Data;
} PM_EVENT, *PPM_EVENT;

typedef struct _PM_GLOBALS {
    // eventq.c
    NPAGED_LOOKASIDE_LIST EventLookaside;
    LIST_ENTRY            EventList;
    KSPIN_LOCK            EventLock;
    ULONG                 EventCount;
    BOOLEAN               QueueReady;

    // device.c
    PDEVICE_OBJECT        ControlDevice;
    BOOLEAN               LinkCreated;

    // notify.c
    BOOLEAN               ThreadNotifyOn;
    BOOLEAN               ProcessNotifyOn;
} PM_GLOBALS;

extern PM_GLOBALS g_Pm;

// eventq.c
NTSTATUS EvqInitialize(VOID);
VOID     EvqShutdown(VOID);
PPM_EVENT EvqAllocate(_In_ PM_EVENT_TYPE Type);
VOID     EvqPush(_In_ PPM_EVENT Event);
ULONG    EvqDrain(_Out_writes_(MaxEvents) PPM_EVENT_DATA Out, _In_ ULONG MaxEvents);

// device.c
NTSTATUS DevCreate(_In_ PDRIVER_OBJECT DriverObject);
VOID     DevDestroy(_In_ PDRIVER_OBJECT DriverObject);

// notify.c
NTSTATUS NotifyInstall(VOID);
VOID     NotifyRemove(VOID);
