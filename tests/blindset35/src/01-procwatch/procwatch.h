/*
 * procwatch.h - shared definitions between the driver and pwcli.exe
 *
 * keep this file C89 friendly, the client is built with an old toolchain
 */
#pragma once

#define PW_DEVICE_NAME      L"\\Device\\ProcWatch"
#define PW_SYMLINK_NAME     L"\\??\\ProcWatch"
#define PW_USER_PATH        "\\\\.\\ProcWatch"

#define PW_DEVICE_TYPE      0x8313

#define IOCTL_PW_GET_EVENTS  CTL_CODE(PW_DEVICE_TYPE, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PW_CLEAR       CTL_CODE(PW_DEVICE_TYPE, 0x902, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_PW_GET_STATS   CTL_CODE(PW_DEVICE_TYPE, 0x903, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef enum _PW_EVENT_TYPE {
    PwProcessCreate = 1,
    PwProcessExit,
    PwThreadCreate,
    PwThreadExit
} PW_EVENT_TYPE;

typedef struct _PW_EVENT {
    ULONG         Type;          /* PW_EVENT_TYPE */
    ULONG         ProcessId;
    ULONG         ThreadId;      /* 0 for process events */
    ULONG         ParentId;      /* only for PwProcessCreate */
    LARGE_INTEGER Time;
    WCHAR         ImageName[64]; /* truncated, may be empty */
} PW_EVENT, *PPW_EVENT;

typedef struct _PW_STATS {
    ULONG Queued;
    ULONG Dropped;
    ULONG Processes;
    ULONG Threads;
} PW_STATS, *PPW_STATS;

#define PW_MAX_QUEUED   4096
