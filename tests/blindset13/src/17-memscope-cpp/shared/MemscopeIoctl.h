#pragma once
//
// MemscopeIoctl.h - request layouts shared by memscope.sys and memscope.exe.
//

#define MEMSCOPE_DEVICE_TYPE 0x00000022    /* FILE_DEVICE_UNKNOWN */
#define MEMSCOPE_USER_PATH   L"\\\\.\\Memscope"

#define IOCTL_MEMSCOPE_READ \
    CTL_CODE(MEMSCOPE_DEVICE_TYPE, 0x800, METHOD_BUFFERED, FILE_READ_ACCESS | FILE_WRITE_ACCESS)
#define IOCTL_MEMSCOPE_LIST \
    CTL_CODE(MEMSCOPE_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)

struct MemscopeReadRequest {
    unsigned long ProcessId;
    unsigned long Size;
    unsigned long long Address;
};

struct MemscopeProcessEntry {
    unsigned long ProcessId;
    unsigned long ParentId;
    unsigned long Threads;
    wchar_t ImageName[32];
};
