#pragma once
//
// procguard - process / thread lifetime tracker
// shared definitions between the driver and the little console client
//
#include <ntddk.h>

#define PG_TAG              'dGgP'
#define PG_DEVICE_NAME      L"\\Device\\ProcGuard"
#define PG_SYMLINK_NAME     L"\\??\\ProcGuard"
#define PG_MAX_TRACKED      4096
#define PG_IMAGE_CHARS      64

#define IOCTL_PG_GET_STATS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PG_CLEAR      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#if DBG
#define PGLOG(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "[procguard] " fmt "\n", __VA_ARGS__)
#else
#define PGLOG(fmt, ...)  ((void)0)
#endif
#define PGERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[procguard] !! " fmt "\n", __VA_ARGS__)

// Returned by IOCTL_PG_GET_STATS
struct PG_STATS {
    ULONG ProcessesCreated;
    ULONG ProcessesExited;
    ULONG ThreadsCreated;
    ULONG ThreadsExited;
    ULONG Tracked;
    ULONG Dropped;
};

namespace pg {

// Small helper so every dispatch routine finishes IRPs the same way.
inline NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Info = 0)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

template <typename T>
constexpr T Min(T a, T b) { return a < b ? a : b; }

} // namespace pg
