/*
 * procwatch - tiny process / thread activity monitor
 *
 * Exposes \\.\ProcWatch to a user-mode console that polls for events.
 */
#pragma once

#include <ntddk.h>

#define PW_TAG              'hcWP'
#define PW_DEVICE_NAME      L"\\Device\\ProcWatch"
#define PW_SYMLINK_NAME     L"\\??\\ProcWatch"
#define PW_MAX_QUEUED       4096

#define PW_DEVICE_TYPE      0x8337
#define IOCTL_PW_GET_EVENTS CTL_CODE(PW_DEVICE_TYPE, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PW_GET_STATS  CTL_CODE(PW_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)

#define PW_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[procwatch] " fmt "\n", __VA_ARGS__)
#define PW_ERR(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[procwatch] " fmt "\n", __VA_ARGS__)

typedef enum _PW_EVENT_TYPE {
    PwProcessCreate = 1,
    PwProcessExit,
    PwThreadCreate,
    PwThreadExit
} PW_EVENT_TYPE;

/* what user mode receives */
typedef struct _PW_EVENT {
    ULONG         Type;
    ULONG         ProcessId;
    ULONG         ParentOrThreadId;
    LARGE_INTEGER Time;
} PW_EVENT, *PPW_EVENT;

typedef struct _PW_STATS {
    ULONG Queued;
    ULONG Dropped;
    ULONG ProcessEvents;
    ULONG ThreadEvents;
} PW_STATS, *PPW_STATS;

/* internal queue node */
typedef struct _PW_EVENT_NODE {
    LIST_ENTRY Link;
    PW_EVENT   Event;
} PW_EVENT_NODE, *PPW_EVENT_NODE;

typedef struct _PW_GLOBALS {
    PDEVICE_OBJECT          DeviceObject;
    UNICODE_STRING          SymLink;
    BOOLEAN                 SymLinkCreated;

    /* event queue (queue.c) */
    KSPIN_LOCK              QueueLock;
    LIST_ENTRY              QueueHead;
    NPAGED_LOOKASIDE_LIST   NodeLookaside;
    PW_STATS                Stats;

    /* notify.c */
    BOOLEAN                 ProcessNotifyRegistered;
    BOOLEAN                 ThreadNotifyRegistered;
} PW_GLOBALS, *PPW_GLOBALS;

extern PW_GLOBALS g_Pw;

/* queue.c */
NTSTATUS PwInitEventQueue(VOID);
VOID     PwDestroyEventQueue(VOID);
VOID     PwQueueEvent(_In_ PW_EVENT_TYPE Type, _In_ HANDLE Pid, _In_ HANDLE Other);
ULONG    PwDequeueEvents(_Out_writes_(MaxCount) PPW_EVENT Out, _In_ ULONG MaxCount);

/* notify.c */
NTSTATUS PwRegisterNotifications(VOID);
VOID     PwUnregisterNotifications(VOID);
