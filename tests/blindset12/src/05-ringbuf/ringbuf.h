#pragma once
#include <ntddk.h>

#define RB_TAG          'fbgR'
#define RB_PAGES        16
#define RB_BYTES        (RB_PAGES * PAGE_SIZE)

#define RB_DEVICE_NAME  L"\\Device\\RingShare"
#define RB_LINK_NAME    L"\\DosDevices\\RingShare"

#define IOCTL_RB_MAP    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_RB_UNMAP  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_RB_PUSH   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x812, METHOD_BUFFERED, FILE_WRITE_ACCESS)

#define RB_LOG(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "ringshare: " fmt "\n", ##__VA_ARGS__)

// header at the start of the shared pages; user mode reads it
typedef struct _RB_HEADER {
    volatile ULONG WriteOffset;
    volatile ULONG Sequence;
    ULONG DataBytes;
    ULONG Reserved;
} RB_HEADER, *PRB_HEADER;

#define RBF_BUFFER   0x01
#define RBF_MDL      0x02
#define RBF_DEVICE   0x04
#define RBF_LINK     0x08

typedef struct _RB_STATE {
    ULONG           Flags;
    PVOID           Buffer;
    PMDL            Mdl;
    PDEVICE_OBJECT  Device;
    KSPIN_LOCK      WriteLock;
    // one mapping at a time, owned by the process that asked for it
    FAST_MUTEX      MapLock;
    PVOID           UserVa;
    PEPROCESS       MapOwner;
    PFILE_OBJECT    MapFile;
} RB_STATE;

extern RB_STATE g_Rb;

NTSTATUS RbMapToCaller(_In_ PFILE_OBJECT File, _Out_ PVOID* UserVa);
VOID     RbUnmapFor(_In_ PFILE_OBJECT File);
VOID     RbPush(_In_reads_bytes_(Len) const VOID* Data, _In_ ULONG Len);
