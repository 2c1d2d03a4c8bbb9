/*
 * journal.h - ProcJournal shared declarations
 *
 *   driver.c   DriverEntry / Unload, journal ring
 *   control.c  control device, symbolic link, IRP dispatch
 *   notify.c   process + image notify callbacks
 */
#pragma once

#include <ntifs.h>
#include <ntddk.h>

#define JRN_TAG             'lnrJ'
#define JRN_DEVICE_NAME     L"\\Device\\ProcJournal"
#define JRN_LINK_NAME       L"\\DosDevices\\ProcJournal"
#define JRN_RING_ENTRIES    512
#define JRN_NAME_CHARS      64

#define IOCTL_JRN_READ      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x970, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef enum _JRN_EVENT_TYPE {
    JrnProcessStart = 1,
    JrnProcessExit,
    JrnImageLoad
} JRN_EVENT_TYPE;

typedef struct _JRN_EVENT {
    ULONG         Type;
    ULONG         Sequence;
    ULONG64       ProcessId;
    ULONG64       ParentId;
    LARGE_INTEGER Time;
    WCHAR         Name[JRN_NAME_CHARS];
} JRN_EVENT, *PJRN_EVENT;

typedef struct _JRN_GLOBALS {
    PDEVICE_OBJECT ControlDevice;
    BOOLEAN        LinkCreated;
    BOOLEAN        ProcessNotify;
    BOOLEAN        ImageNotify;
    KSPIN_LOCK     RingLock;
    PJRN_EVENT     Ring;
    ULONG          NextSequence;    /* sequence number of the next event written */
} JRN_GLOBALS;

extern JRN_GLOBALS g_Jrn;

/* driver.c */
VOID JrnAppend(_In_ JRN_EVENT_TYPE Type, _In_ HANDLE ProcessId, _In_opt_ HANDLE ParentId,
               _In_opt_ PCUNICODE_STRING Name);

/* control.c */
NTSTATUS JrnCreateControlDevice(_In_ PDRIVER_OBJECT DriverObject);
VOID JrnDeleteControlDevice(VOID);

/* notify.c */
NTSTATUS JrnRegisterCallbacks(VOID);
VOID JrnUnregisterCallbacks(VOID);
