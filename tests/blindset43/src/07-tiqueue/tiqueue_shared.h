#pragma once
//
// shared with tiagent.exe
//

#define TI_DEVICE_NAME  L"\\Device\\TiQueue"
#define TI_LINK_NAME    L"\\??\\TiQueue"

#define IOCTL_TI_READ   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_READ_DATA)
#define IOCTL_TI_STATS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x821, METHOD_BUFFERED, FILE_READ_DATA)

enum TI_KIND : unsigned short {
    TiProcessStart  = 1,
    TiProcessStop   = 2,
    TiThreadStart   = 3,
    TiThreadStop    = 4,
    TiImageLoad     = 5,
    TiHeartbeat     = 0xFF,
};

#define TI_FLAG_REMOTE_THREAD   0x0001
#define TI_FLAG_KERNEL_IMAGE    0x0002

#pragma pack(push, 8)
struct TI_EVENT {
    unsigned long      Seq;
    unsigned short     Kind;
    unsigned short     Flags;
    unsigned long      ProcessId;
    unsigned long      ThreadId;      // or parent pid for process start
    unsigned long long Value;         // image base, exit code, dropped count ...
    long long          Time;
};

struct TI_STATS {
    unsigned long Capacity;
    unsigned long Queued;
    unsigned long Dropped;
};
#pragma pack(pop)
