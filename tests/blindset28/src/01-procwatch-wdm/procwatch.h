/*
 * procwatch - tiny process creation/exit logger
 *
 * User mode opens \\.\ProcWatch and polls IOCTL_PW_GET_EVENTS to pull the
 * most recent events out of the in-kernel ring.
 */
#pragma once

#include <ntddk.h>

#define PW_DEVICE_NAME      L"\\Device\\ProcWatch"
#define PW_LINK_NAME        L"\\??\\ProcWatch"

#define PW_MAX_EVENTS       256
#define PW_IMAGE_CHARS      64

#define IOCTL_PW_GET_EVENTS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PW_GET_STATS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _PW_EVENT {
    ULONG         ProcessId;
    ULONG         ParentId;
    BOOLEAN       Create;
    LARGE_INTEGER Time;
    WCHAR         Image[PW_IMAGE_CHARS];   // tail of the image path
} PW_EVENT, *PPW_EVENT;

typedef struct _PW_STATS {
    ULONG Created;
    ULONG Exited;
    ULONG Dropped;
} PW_STATS, *PPW_STATS;

/* notify.c */
VOID PwInitEventLog(VOID);

VOID
PwProcessNotify(
    _Inout_ PEPROCESS Process,
    _In_ HANDLE ProcessId,
    _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo
    );

ULONG PwDrainEvents(_Out_writes_(MaxCount) PPW_EVENT Out, _In_ ULONG MaxCount);
VOID  PwGetStats(_Out_ PPW_STATS Stats);
