#pragma once

#define RAMLOG_DEVICE_NAME   L"\\Device\\RamLog"
#define RAMLOG_LINK_NAME     L"\\DosDevices\\RamLog"
#define RAMLOG_TAG           'goLR'
#define RAMLOG_DEFAULT_SIZE  (64 * 1024)

#define IOCTL_RAMLOG_APPEND  CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RAMLOG_READ    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA02, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_RAMLOG_RESET   CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA03, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _RING_BUFFER {
    KSPIN_LOCK Lock;
    PUCHAR     Data;
    ULONG      Size;
    ULONG      Head;    // next write
    ULONG      Used;
} RING_BUFFER, *PRING_BUFFER;

NTSTATUS RingInitialize(_Out_ PRING_BUFFER Ring, _In_ ULONG Size);
VOID     RingFree(_Inout_ PRING_BUFFER Ring);
VOID     RingAppend(_Inout_ PRING_BUFFER Ring, _In_reads_bytes_(Length) const VOID *Data, _In_ ULONG Length);
ULONG    RingRead(_Inout_ PRING_BUFFER Ring, _Out_writes_bytes_(Length) PVOID Buffer, _In_ ULONG Length);
VOID     RingReset(_Inout_ PRING_BUFFER Ring);
