// shutlog.h - keep a few KB of text in kernel memory and dump it
// to disk when the box shuts down.  Handy to see what the last
// user-mode tool said before a reboot in the test VM.
#pragma once

extern "C" {
#include <ntddk.h>
}

#define SL_TAG              'golS'
#define SL_DEVICE_NAME      L"\\Device\\ShutLog"
#define SL_LINK_NAME        L"\\DosDevices\\ShutLog"
#define SL_DUMP_FILE        L"\\SystemRoot\\Temp\\shutlog.txt"
#define SL_RING_SIZE        (16 * 1024)
#define SL_MAX_LINE         512

#define SL_DEVICE_TYPE      0x8337
#define IOCTL_SHUTLOG_APPEND  CTL_CODE(SL_DEVICE_TYPE, 0x801, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_SHUTLOG_READ    CTL_CODE(SL_DEVICE_TYPE, 0x802, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_SHUTLOG_CLEAR   CTL_CODE(SL_DEVICE_TYPE, 0x803, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define SL_PRINT(fmt, ...)  KdPrint(("ShutLog: " fmt "\n", __VA_ARGS__))

namespace shutlog {

// FAST_MUTEX guard: acquire in ctor, release in dtor.
class MutexGuard {
public:
    explicit MutexGuard(PFAST_MUTEX m) : m_(m) { ExAcquireFastMutex(m_); }
    ~MutexGuard() { ExReleaseFastMutex(m_); }
    MutexGuard(const MutexGuard&) = delete;
    MutexGuard& operator=(const MutexGuard&) = delete;
private:
    PFAST_MUTEX m_;
};

// Circular text buffer.  All static, there is only ever one.
class LogRing {
public:
    static NTSTATUS Init(ULONG size);
    static void     Free();
    static NTSTATUS Append(const char* text, ULONG len);
    static ULONG    Copy(char* out, ULONG outLen);
    static void     Clear();
    static NTSTATUS DumpToFile(PCWSTR path);

private:
    static char*      s_Buf;
    static ULONG      s_Size;
    static ULONG      s_Head;      // next write position
    static ULONG      s_Used;
    static FAST_MUTEX s_Lock;
};

} // namespace shutlog
