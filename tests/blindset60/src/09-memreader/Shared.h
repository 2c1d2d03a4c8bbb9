#pragma once
// Shared.h - MemReader <-> overlay

#define MR_IOCTL(n, access) CTL_CODE(0x9100, 0x900 + (n), METHOD_BUFFERED, access)

#define IOCTL_MR_ATTACH      MR_IOCTL(1, FILE_WRITE_ACCESS)   // in: MR_ATTACH
#define IOCTL_MR_READ        MR_IOCTL(2, FILE_READ_ACCESS)    // in: MR_COPY, out: bytes
#define IOCTL_MR_MODULE      MR_IOCTL(3, FILE_READ_ACCESS)    // out: MR_MODULE

#define MR_EVENT_USER_NAME   L"Global\\MemReaderModule"
#define MR_MAX_COPY          0x2000

struct MR_ATTACH { unsigned __int64 Pid; };
struct MR_COPY   { unsigned __int64 Pid; unsigned __int64 Address; unsigned __int32 Size; unsigned __int32 Reserved; };
struct MR_MODULE { unsigned __int64 Base; unsigned __int64 Size; unsigned __int64 Pid; };
