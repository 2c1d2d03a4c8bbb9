/*
 * procaudit - process creation / exit and image-load audit driver.
 * Callbacks append to a pending list; a periodic timer queues a work item
 * that publishes to the ready list, drained with IOCTL_PA_READ.
 */
#pragma once

#include <ntddk.h>

#define PA_TAG                  'tdAP'
#define PA_DEVICE_NAME          L"\\Device\\ProcAudit"
#define PA_LINK_NAME            L"\\??\\ProcAudit"
#define PA_FLUSH_PERIOD_MS      1000
#define PA_MAX_RECORDS          2048
#define PA_IMAGE_CHARS          64

#define PA_DEVICE_TYPE          0x8D10
#define IOCTL_PA_READ           CTL_CODE(PA_DEVICE_TYPE, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)

#define PA_TRACE(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "procaudit: " fmt "\n", ##__VA_ARGS__)

typedef enum _PA_KIND { PaKindProcessCreate = 1, PaKindProcessExit, PaKindImageLoad } PA_KIND;

typedef struct _PA_RECORD {
    ULONG         Kind;
    ULONG         ProcessId;
    ULONG         ParentId;
    LARGE_INTEGER Time;
    WCHAR         Image[PA_IMAGE_CHARS];
} PA_RECORD, *PPA_RECORD;

typedef struct _PA_RECORD_NODE {
    LIST_ENTRY Link;
    PA_RECORD  Record;
} PA_RECORD_NODE, *PPA_RECORD_NODE;

typedef struct _PA_GLOBALS {
    PDEVICE_OBJECT          DeviceObject;
    UNICODE_STRING          LinkName;
    BOOLEAN                 LinkCreated;
    /* state.c */
    NPAGED_LOOKASIDE_LIST   RecordLookaside;
    KSPIN_LOCK              RecordLock;
    LIST_ENTRY              PendingList;
    LIST_ENTRY              ReadyList;
    ULONG                   RecordCount;
    volatile LONG           Dropped;
    /* timer.c */
    KTIMER                  FlushTimer;
    KDPC                    FlushDpc;
    PIO_WORKITEM            FlushWorkItem;
    volatile LONG           WorkQueued;
    EX_RUNDOWN_REF          WorkRundown;
    /* notify.c */
    BOOLEAN                 ProcessNotifyRegistered;
    BOOLEAN                 ImageNotifyRegistered;
} PA_GLOBALS, *PPA_GLOBALS;

extern PA_GLOBALS g_Pa;

/* state.c */
VOID  PaStateInit(VOID);
VOID  PaStateCleanup(VOID);
VOID  PaStateAdd(_In_ PA_KIND Kind, _In_ HANDLE Pid, _In_opt_ HANDLE ParentPid,
                 _In_opt_ PCUNICODE_STRING Image);
VOID  PaStatePublish(VOID);
ULONG PaStateRead(_Out_writes_(Max) PPA_RECORD Out, _In_ ULONG Max);

/* timer.c */
NTSTATUS PaTimerInit(_In_ PDEVICE_OBJECT DeviceObject);
VOID     PaTimerStart(VOID);
VOID     PaTimerStop(VOID);
VOID     PaTimerCleanup(VOID);

/* notify.c */
NTSTATUS PaNotifyRegister(VOID);
VOID     PaNotifyUnregister(VOID);
