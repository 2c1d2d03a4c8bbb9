// hello.h - started as the KMDF "hello world", grew a queue, a timer and
// a device interface so the test app can find it.
#pragma once

#include <ntddk.h>
#include <wdf.h>

namespace hello {

constexpr ULONG kPoolTag    = 'olleH';
constexpr ULONG kBufferSize = 1024;
constexpr LONG  kTimerMs    = 2000;

// {2C6F3A51-9E0B-4E8B-A7D4-6F1E25C93B70}
DEFINE_GUID(GUID_DEVINTERFACE_HELLO,
    0x2c6f3a51, 0x9e0b, 0x4e8b, 0xa7, 0xd4, 0x6f, 0x1e, 0x25, 0xc9, 0x3b, 0x70);

#define IOCTL_HELLO_GET_STATS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x880, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_HELLO_CLEAR     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x881, METHOD_BUFFERED, FILE_WRITE_ACCESS)

struct Stats {
    ULONG Reads;
    ULONG Writes;
    ULONG Ioctls;
    ULONG TimerTicks;

    void Reset() { Reads = Writes = Ioctls = TimerTicks = 0; }
};

struct DeviceContext {
    WDFTIMER Timer;
    WDFQUEUE Queue;
    ULONG    Length;
    UCHAR    Buffer[kBufferSize];
    Stats    Counters;
};

WDF_DECLARE_CONTEXT_TYPE_WITH_NAME(DeviceContext, GetDeviceContext)

extern Stats g_DriverStats;

} // namespace hello

extern "C" {
EVT_WDF_DRIVER_DEVICE_ADD HelloEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP HelloEvtDriverContextCleanup;
EVT_WDF_TIMER HelloEvtTimer;
EVT_WDF_IO_QUEUE_IO_READ HelloEvtIoRead;
EVT_WDF_IO_QUEUE_IO_WRITE HelloEvtIoWrite;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL HelloEvtIoDeviceControl;
}

NTSTATUS HelloQueueInitialize(WDFDEVICE device);
