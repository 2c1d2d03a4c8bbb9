#pragma once
//
// SharedRing.h - a nonpaged ring buffer that the agent maps into its own
// address space with IOCTL_SR_MAP and reads without further IOCTLs.
//
#include <ntifs.h>
#include <ntddk.h>

#define SR_DEVICE_TYPE      0x8d01
#define IOCTL_SR_MAP        CTL_CODE(SR_DEVICE_TYPE, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_SR_UNMAP      CTL_CODE(SR_DEVICE_TYPE, 0x902, METHOD_BUFFERED, FILE_READ_ACCESS)

#define SR_RING_BYTES       (64 * 1024)
#define SR_MAGIC            0x474E4952  // 'RING'

#define SR_TRACE(fmt, ...)  DbgPrint("sharedring!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)

enum SR_RECORD_TYPE : ULONG {
    SrHeartbeat     = 0,
    SrProcessStart  = 1,
    SrProcessStop   = 2,
};

struct SR_HEADER {
    ULONG           Magic;
    ULONG           Capacity;       // number of records
    ULONG           RecordSize;
    volatile LONG   WriteIndex;     // monotonically increasing
    volatile LONG   Dropped;
};

struct SR_RECORD {
    SR_RECORD_TYPE  Type;
    ULONG           Pid;
    ULONG           ParentPid;
    ULONG           Sequence;
    LARGE_INTEGER   Time;
    WCHAR           Name[64];
};

namespace sr {

constexpr ULONG kPoolTag = 'gnRS';

class SharedRing {
public:
    static NTSTATUS Create(SIZE_T Bytes);
    static void     Destroy();

    static NTSTATUS MapToUser(_Out_ PVOID* UserVa);
    static void     UnmapFromUser(_In_ PEPROCESS Process);

    static void     Push(SR_RECORD_TYPE Type, ULONG Pid, ULONG ParentPid, _In_opt_ PCUNICODE_STRING Name);

private:
    static PVOID      s_Buffer;
    static PMDL       s_Mdl;
    static SIZE_T     s_Size;
    static PVOID      s_UserVa;
    static PEPROCESS  s_Owner;
    static KSPIN_LOCK s_Lock;
    static FAST_MUTEX s_MapLock;
};

class Heartbeat {
public:
    static NTSTATUS Start();
    static void     Stop();

private:
    static KSTART_ROUTINE ThreadProc;
    static KEVENT   s_StopEvent;
    static PKTHREAD s_Thread;
};

} // namespace sr
