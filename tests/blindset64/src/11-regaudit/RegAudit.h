#pragma once

#include <ntifs.h>
#include <evntprov.h>

#define RA_DEVICE_TYPE          0x8767
#define IOCTL_RA_ADD_WATCH      CTL_CODE(RA_DEVICE_TYPE, 0x840, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RA_CLEAR_WATCH    CTL_CODE(RA_DEVICE_TYPE, 0x841, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define RA_TRACE(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "regaudit: " fmt "\n", __VA_ARGS__)

namespace ra {

constexpr ULONG kTag        = 'duAR';
constexpr ULONG kMaxWatches = 16;

enum class RegOp : ULONG {
    SetValue    = 1,
    DeleteValue = 2,
    DeleteKey   = 3,
    RenameKey   = 4,
};

//
// ETW provider {A1D6E0C2-5B3F-4E57-8C21-0F4B9D7E3A15}
//
class Etw {
public:
    static NTSTATUS Register();
    static void     Unregister();
    static void     WriteRegOp(RegOp Op, ULONG Pid, PCUNICODE_STRING KeyPath);
private:
    static REGHANDLE s_Handle;
};

//
// Prefixes (\REGISTRY\MACHINE\...) whose modification is audited.
//
class WatchList {
public:
    static NTSTATUS Init();
    static void     Destroy();
    static NTSTATUS Add(_In_reads_bytes_(Bytes) PCWCH Prefix, USHORT Bytes);
    static void     Clear();
    static bool     Matches(PCUNICODE_STRING Path);
private:
    static void     ClearLocked();
    static ERESOURCE      s_Lock;
    static bool           s_LockInitialized;
    static ULONG          s_Count;
    static UNICODE_STRING s_Prefixes[kMaxWatches];
};

class RegFilter {
public:
    static NTSTATUS Start(_In_ PDRIVER_OBJECT DriverObject);
    static void     Stop();
private:
    static NTSTATUS Callback(PVOID Context, PVOID Argument1, PVOID Argument2);
    static void     Audit(RegOp Op, PVOID KeyObject);
    static LARGE_INTEGER s_Cookie;
    static bool          s_Registered;
};

} // namespace ra
