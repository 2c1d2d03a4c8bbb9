// shared.h - layout shared with the user mode viewer (sysmonview.exe)
#pragma once

#define SYSMON_DEVICE_TYPE FILE_DEVICE_UNKNOWN

#define IOCTL_SYSMON_GET_STATS \
    CTL_CODE(SYSMON_DEVICE_TYPE, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_SYSMON_CLEAR \
    CTL_CODE(SYSMON_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)

enum SysmonEventKind : unsigned short {
    EvProcessCreate = 1,
    EvProcessExit   = 2,
    EvThreadCreate  = 3,
    EvThreadExit    = 4,
};

struct SysmonEvent {
    unsigned short Kind;
    unsigned short Reserved;
    unsigned long  ProcessId;
    unsigned long  Other;          // parent pid or thread id
    long long      Timestamp;      // KeQuerySystemTimePrecise units
};

struct SysmonStats {
    unsigned long Queued;
    unsigned long Dropped;
    unsigned long Total;
};
