// ioctl.h - shared with memctl.exe
#pragma once

#define MEMRD_TYPE 0x0022   // FILE_DEVICE_UNKNOWN

enum class MemIoctl : unsigned long {
    ReadMemory    = CTL_CODE(MEMRD_TYPE, 0x890, METHOD_BUFFERED, FILE_ANY_ACCESS),
    ListProcesses = CTL_CODE(MEMRD_TYPE, 0x891, METHOD_BUFFERED, FILE_ANY_ACCESS),
};

struct ReadRequest {
    unsigned long      ProcessId;
    unsigned long      Size;          // at most MaxReadSize
    unsigned long long Address;
};

struct ProcessEntry {
    unsigned long ProcessId;
    unsigned long ParentId;
    wchar_t       Name[32];
};

constexpr unsigned long MaxReadSize = 0x10000;
