/*
 * procwatch - tiny process creation/exit logger
 *
 * user mode polls \\.\ProcWatch with IOCTL_PW_GET_EVENTS and gets back an
 * array of PW_EVENT_RECORD. Nothing fancy, it is a learning project.
 */
#pragma once

#include <ntddk.h>

#define PW_TAG              'wPcP'
#define PW_DEVICE_NAME      L"\\Device\\ProcWatch"
#define PW_SYMLINK_NAME     L"\\??\\ProcWatch"
#define PW_MAX_EVENTS       1024
#define PW_MAX_IMAGE_CHARS  260

#define IOCTL_PW_GET_EVENTS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PW_GET_STATS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)

#define PW_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[procwatch] " fmt "\n", __VA_ARGS__)
#define PW_ERR(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[procwatch] !! " fmt "\n", __VA_ARGS__)

typedef enum _PW_EVENT_TYPE {
    PwProcessCreate = 1,
    PwProcessExit   = 2
} PW_EVENT_TYPE;

/* shared with the console app, keep it in sync with pwcli/common.h */
typedef struct _PW_EVENT_RECORD {
    ULONG           Type;
    ULONG           ProcessId;
    ULONG           ParentId;
    ULONG           ImageLength;    /* in WCHARs, not counting the terminator */
    LARGE_INTEGER   Time;
    WCHAR           Image[PW_MAX_IMAGE_CHARS];
} PW_EVENT_RECORD, *PPW_EVENT_RECORD;

typedef struct _PW_STATS {
    ULONG Queued;
    ULONG Dropped;
    ULONG Total;
} PW_STATS, *PPW_STATS;

typedef struct _PW_EVENT_ENTRY {
    LIST_ENTRY      Link;
    PW_EVENT_RECORD Record;
} PW_EVENT_ENTRY, *PPW_EVENT_ENTRY;

typedef struct _PW_GLOBALS {
    PDEVICE_OBJECT          DeviceObject;
    UNICODE_STRING          SymLink;

    KSPIN_LOCK              QueueLock;
    LIST_ENTRY              QueueHead;
    ULONG                   QueueCount;
    NPAGED_LOOKASIDE_LIST   EventPool;

    volatile LONG           Dropped;
    volatile LONG           Total;
    BOOLEAN                 NotifyRegistered;
} PW_GLOBALS;

extern PW_GLOBALS g_Pw;

/* queue.c */
VOID            PwQueueInit(VOID);
VOID            PwQueueDestroy(VOID);
PPW_EVENT_ENTRY PwQueueAllocEntry(VOID);
VOID            PwQueuePush(_In_ PPW_EVENT_ENTRY Entry);
ULONG           PwQueueDrain(_Out_writes_opt_(MaxRecords) PPW_EVENT_RECORD Out, _In_ ULONG MaxRecords);
VOID            PwQueueGetStats(_Out_ PPW_STATS Stats);

/* driver.c */
VOID PwProcessNotify(_Inout_ PEPROCESS Process, _In_ HANDLE ProcessId,
                     _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);
