/*
 *  procwatch.h
 *
 *  Records process create/exit events into a bounded in-memory log that a
 *  user mode tool drains through \\.\ProcWatch.  KMDF non-PnP driver with a
 *  classic WDM process notify routine bolted on.
 *
 *  Link with /INTEGRITYCHECK or PsSetCreateProcessNotifyRoutineEx refuses us.
 */
#ifndef _PROCWATCH_H_
#define _PROCWATCH_H_

#include <ntifs.h>
#include <wdf.h>
#include <wdmsec.h>

#define PW_TAG              'hcWP'
#define PW_MAX_EVENTS       1024
#define PW_IMAGE_CHARS      64

#define PW_NT_DEVICE_NAME   L"\\Device\\ProcWatch"
#define PW_DOS_DEVICE_NAME  L"\\DosDevices\\ProcWatch"

#define IOCTL_PW_DRAIN      CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PW_COUNT      CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_BUFFERED, FILE_READ_ACCESS)

#define PWLOG(fmt, ...)  KdPrint(("procwatch: " fmt "\n", __VA_ARGS__))

/* what user mode sees */
typedef struct _PW_RECORD {
    ULONG64 ProcessId;
    ULONG64 ParentId;
    LARGE_INTEGER Time;
    ULONG   Create;
    WCHAR   Image[PW_IMAGE_CHARS];
} PW_RECORD, *PPW_RECORD;

/* what lives in the lookaside list */
typedef struct _PW_EVENT {
    LIST_ENTRY Link;
    PW_RECORD  Record;
} PW_EVENT, *PPW_EVENT;

typedef struct _PW_GLOBALS {
    WDFDEVICE ControlDevice;
    BOOLEAN   NotifyRegistered;
    ULONG     Dropped;
} PW_GLOBALS;

extern PW_GLOBALS g_Pw;

/* events.c */
NTSTATUS PwEventStoreInit(VOID);
VOID     PwEventStoreDestroy(VOID);
VOID     PwEventPush(_In_ HANDLE ProcessId, _In_opt_ HANDLE ParentId, _In_ BOOLEAN Create,
                     _In_opt_ PCUNICODE_STRING Image);
ULONG    PwEventDrain(_Out_writes_(MaxRecords) PPW_RECORD Out, _In_ ULONG MaxRecords);
ULONG    PwEventCount(VOID);

/* control.c */
NTSTATUS PwCreateControlDevice(_In_ WDFDRIVER Driver);

#endif
