#ifndef MEMTOOL_H
#define MEMTOOL_H

#include <ntifs.h>

#define MT_TAG          'lTtM'
#define MT_BOUNCE_SIZE  (64 * 1024)

#define MT_DEVICE_NAME  L"\\Device\\MemTool"
#define MT_LINK_NAME    L"\\DosDevices\\MemTool"

#define MT_IOCTL(n) CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810 + (n), METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_MT_READ_VIRTUAL   MT_IOCTL(0)
#define IOCTL_MT_WRITE_VIRTUAL  MT_IOCTL(1)
#define IOCTL_MT_READ_PHYSICAL  MT_IOCTL(2)
#define IOCTL_MT_QUERY_RANGES   MT_IOCTL(3)

#define MT_LOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[memtool] " fmt "\n", __VA_ARGS__)

/* Jump to the cleanup label on failure. Expects `status` and `cleanup:` in scope. */
#define MT_CHECK(expr)                                                  \
    do {                                                                \
        status = (expr);                                                \
        if (!NT_SUCCESS(status)) {                                      \
            MT_LOG("%s failed: 0x%08X", #expr, status);                 \
            goto cleanup;                                               \
        }                                                               \
    } while (0)

/* Report a failure and keep going. */
#define MT_WARN(expr)                                                   \
    do {                                                                \
        NTSTATUS _mt_s = (expr);                                        \
        if (!NT_SUCCESS(_mt_s)) {                                       \
            MT_LOG("%s: 0x%08X (ignored)", #expr, _mt_s);               \
        }                                                               \
    } while (0)

#pragma pack(push, 1)
typedef struct _MT_VIRTUAL_REQUEST {
    ULONG ProcessId;
    ULONGLONG Address;
    ULONG Size;
    /* for writes, data follows */
} MT_VIRTUAL_REQUEST, *PMT_VIRTUAL_REQUEST;

typedef struct _MT_PHYSICAL_REQUEST {
    ULONGLONG PhysicalAddress;
    ULONG Size;
} MT_PHYSICAL_REQUEST, *PMT_PHYSICAL_REQUEST;
#pragma pack(pop)

typedef struct _MT_GLOBALS {
    PDEVICE_OBJECT Device;
    PVOID Bounce;
    FAST_MUTEX BounceLock;
    PPHYSICAL_MEMORY_RANGE Ranges;
    ULONG RangeCount;
} MT_GLOBALS;

extern MT_GLOBALS g_Mt;

/* rw.c */
NTSTATUS MtInitRanges(VOID);
VOID MtFreeRanges(VOID);
NTSTATUS MtReadVirtual(PMT_VIRTUAL_REQUEST Req, PVOID Out, ULONG OutLen, PULONG_PTR Done);
NTSTATUS MtWriteVirtual(PMT_VIRTUAL_REQUEST Req, ULONG InLen);
NTSTATUS MtReadPhysical(PMT_PHYSICAL_REQUEST Req, PVOID Out, ULONG OutLen, PULONG_PTR Done);

#endif
