//
// procmon_ioctl.h - shared between the driver and the console client (pmcli.exe)
//
#pragma once

#define PROCMON_DEVICE_TYPE     0x8337

#define IOCTL_PROCMON_GET_EVENTS \
    CTL_CODE(PROCMON_DEVICE_TYPE, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)

#define IOCTL_PROCMON_CLEAR \
    CTL_CODE(PROCMON_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define IOCTL_PROCMON_GET_STATS \
    CTL_CODE(PROCMON_DEVICE_TYPE, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)

#define PM_MAX_IMAGE_CHARS      260

typedef enum _PM_EVENT_TYPE {
    PmEventProcessCreate = 1,
    PmEventProcessExit   = 2,
} PM_EVENT_TYPE;

#pragma pack(push, 8)
typedef struct _PM_EVENT {
    ULONG           Size;
    PM_EVENT_TYPE   Type;
    ULONG           ProcessId;
    ULONG           ParentId;
    ULONG           CreatorThreadId;
    LARGE_INTEGER   Time;
    WCHAR           Image[PM_MAX_IMAGE_CHARS];
} PM_EVENT, *PPM_EVENT;

typedef struct _PM_STATS {
    ULONG Queued;
    ULONG Dropped;
    ULONG TotalCreates;
    ULONG TotalExits;
} PM_STATS, *PPM_STATS;
#pragma pack(pop)
