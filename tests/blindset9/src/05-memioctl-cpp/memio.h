// memio.h - shared between the driver and the user mode tool (memtool.exe)
#pragma once

#ifdef _KERNEL_MODE
#include <ntifs.h>
#else
#include <windows.h>
#include <winioctl.h>
#endif

#define MEMIO_DEVICE_TYPE 0x9A3C

#define IOCTL_MEMIO_READ      CTL_CODE(MEMIO_DEVICE_TYPE, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_MEMIO_IMAGEBASE CTL_CODE(MEMIO_DEVICE_TYPE, 0xA02, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_MEMIO_STATS     CTL_CODE(MEMIO_DEVICE_TYPE, 0xA03, METHOD_BUFFERED, FILE_ANY_ACCESS)

struct MemioReadRequest {
    ULONG ProcessId;
    ULONG Size;
    ULONGLONG Address;
};

struct MemioImageBaseRequest {
    ULONG ProcessId;
};

struct MemioStats {
    LONG Requests;
    LONG Failures;
    LONGLONG BytesRead;
};

#ifdef _KERNEL_MODE

#define MEMIO_TAG 'oImM'

namespace memio {

constexpr ULONG kMaxRead = 64 * 1024;

struct DeviceState {
    volatile LONG Requests;
    volatile LONG Failures;
    volatile LONG64 BytesRead;

    void Init()
    {
        Requests = 0;
        Failures = 0;
        BytesRead = 0;
    }
};

DRIVER_DISPATCH DeviceControl;
DRIVER_DISPATCH Cleanup;

} // namespace memio

#endif
