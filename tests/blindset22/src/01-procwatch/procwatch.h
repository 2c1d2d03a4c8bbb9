/*
 * procwatch - tiny process / image load monitor
 *
 * Shared definitions between the driver and the user mode client
 * (procwatch-cli, not in this folder).
 */
#pragma once

#define PROCWATCH_DEVICE_NAME   L"\\Device\\ProcWatch"
#define PROCWATCH_SYMLINK_NAME  L"\\??\\ProcWatch"
#define PROCWATCH_POOL_TAG      'hcWP'

#define PROCWATCH_MAX_EVENTS    512
#define PROCWATCH_MAX_PATH      260

#define IOCTL_PROCWATCH_GET_EVENTS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PROCWATCH_CLEAR \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef enum _PW_EVENT_TYPE {
    PwProcessCreate = 1,
    PwProcessExit   = 2,
    PwImageLoad     = 3
} PW_EVENT_TYPE;

typedef struct _PW_EVENT {
    PW_EVENT_TYPE Type;
    ULONG         ProcessId;
    ULONG         ParentId;
    LARGE_INTEGER Time;
    WCHAR         Path[PROCWATCH_MAX_PATH];
} PW_EVENT, *PPW_EVENT;
