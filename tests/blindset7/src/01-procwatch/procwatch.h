//
// procwatch.h - shared definitions for the ProcWatch driver and its console client
//
// ProcWatch keeps a small ring of the most recent process start/exit events
// and hands them out through IOCTL_PROCWATCH_READ.
//
#pragma once

#define PROCWATCH_DEVICE_NAME   L"\\Device\\ProcWatch"
#define PROCWATCH_LINK_NAME     L"\\??\\ProcWatch"

#define PROCWATCH_TYPE          0x8323

#define IOCTL_PROCWATCH_READ \
    CTL_CODE(PROCWATCH_TYPE, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PROCWATCH_CLEAR \
    CTL_CODE(PROCWATCH_TYPE, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define PW_MAX_IMAGE_CHARS      260

typedef enum _PW_EVENT_KIND {
    PwEventStart = 1,
    PwEventExit  = 2
} PW_EVENT_KIND;

typedef struct _PW_EVENT {
    PW_EVENT_KIND Kind;
    ULONG         ProcessId;
    ULONG         ParentId;
    LARGE_INTEGER Time;
    WCHAR         Image[PW_MAX_IMAGE_CHARS];
} PW_EVENT, *PPW_EVENT;
