#pragma once

#include <ntifs.h>
#include <ntddk.h>

namespace iw {

struct Stats {
    volatile LONG Processes;
    volatile LONG Images;
    volatile LONG KernelImages;
    volatile LONG Threads;
    volatile LONG RemoteThreads;
    volatile LONG Suspicious;
};

//
// All notify routines live here as static members; there is only ever one
// monitor per driver instance so nothing is per-object.
//
class Monitor {
public:
    static NTSTATUS Start();
    static void     Stop();
    static void     Snapshot(_Out_ Stats* out);

private:
    Monitor() = delete;

    static void OnProcess(_Inout_ PEPROCESS Process,
                          _In_ HANDLE ProcessId,
                          _Inout_opt_ PPS_CREATE_NOTIFY_INFO CreateInfo);

    static void OnImageLoad(_In_opt_ PUNICODE_STRING FullImageName,
                            _In_ HANDLE ProcessId,
                            _In_ PIMAGE_INFO ImageInfo);

    static void OnThread(_In_ HANDLE ProcessId,
                         _In_ HANDLE ThreadId,
                         _In_ BOOLEAN Create);

    static bool PathContains(_In_ PCUNICODE_STRING Path, _In_z_ PCWSTR Needle);

    static bool  s_ProcessHooked;
    static bool  s_ImageHooked;
    static bool  s_ThreadHooked;
    static Stats s_Stats;
};

} // namespace iw

//
// IOCTL interface
//
#define IW_DEVICE_TYPE          0x9a21
#define IOCTL_IW_QUERY_STATS    CTL_CODE(IW_DEVICE_TYPE, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
