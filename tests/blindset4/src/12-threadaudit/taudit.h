/*
 * taudit.h - ThreadAudit, a legacy driver that records process, image and
 * (optionally) thread creation events for the audit service, which drains
 * them through \\.\ThreadAudit.
 */
#pragma once

#include <ntddk.h>
#include <ntstrsafe.h>

#define TA_TAG              'duAT'
#define TA_DEVICE_NAME      L"\\Device\\ThreadAudit"
#define TA_LINK_NAME        L"\\DosDevices\\ThreadAudit"
#define TA_MAX_QUEUED       4096
#define TA_IMAGE_NAME_CHARS 128

#define IOCTL_TA_GET_EVENTS CTL_CODE(FILE_DEVICE_UNKNOWN, 0xE00, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef enum _TA_EVENT_TYPE {
    TaEventProcessCreate = 1,
    TaEventProcessExit,
    TaEventThreadCreate,
    TaEventThreadExit,
    TaEventImageLoad
} TA_EVENT_TYPE;

typedef struct _TA_EVENT_RECORD {
    TA_EVENT_TYPE   Type;
    ULONG           ProcessId;
    ULONG           ThreadOrParentId;
    LARGE_INTEGER   Time;
    ULONG_PTR       ImageBase;
    WCHAR           ImageName[TA_IMAGE_NAME_CHARS];
} TA_EVENT_RECORD, *PTA_EVENT_RECORD;

typedef struct _TA_EVENT {
    LIST_ENTRY      Link;
    TA_EVENT_RECORD Record;
} TA_EVENT, *PTA_EVENT;

/* What the service asked for, from Parameters. */
typedef struct _TA_CONFIG {
    BOOLEAN TrackThreads;
    BOOLEAN TrackImages;
    ULONG   MaxQueued;
} TA_CONFIG, *PTA_CONFIG;

#define TA_REG_PROCESS  0x1
#define TA_REG_IMAGE    0x2
#define TA_REG_THREAD   0x4

typedef struct _TA_GLOBALS {
    TA_CONFIG               Config;
    PDEVICE_OBJECT          Device;
    UNICODE_STRING          LinkName;
    BOOLEAN                 LinkCreated;
    KSPIN_LOCK              QueueLock;
    LIST_ENTRY              Queue;
    ULONG                   QueuedCount;
    ULONG                   Dropped;
    NPAGED_LOOKASIDE_LIST   EventLookaside;
    BOOLEAN                 LookasideReady;
    ULONG                   Registered;
} TA_GLOBALS, *PTA_GLOBALS;

extern TA_GLOBALS g_Ta;

/* driver.c */
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD TaUnload;

/* config.c */
VOID TaReadConfig(_In_ PUNICODE_STRING RegistryPath, _Out_ PTA_CONFIG Config);

/* events.c */
VOID TaEventsInitialize(VOID);
VOID TaEventsUninitialize(VOID);
PTA_EVENT TaEventAllocate(_In_ TA_EVENT_TYPE Type);
VOID TaEventQueue(_In_ PTA_EVENT Event);
ULONG TaEventsDrain(_Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length);

/* notify.c */
NTSTATUS TaRegisterNotifications(VOID);
VOID TaUnregisterNotifications(VOID);

/* device.c */
NTSTATUS TaCreateDevice(_In_ PDRIVER_OBJECT DriverObject);
VOID TaDeleteDevice(VOID);
