/*
 * regwatch.h - records registry writes made by user-mode processes into a
 * ring the companion tool drains over \\.\RegWatch.
 */
#pragma once

#include <ntifs.h>

#define RW_TAG              'hcWR'
#define RW_DEVICE_NAME      L"\\Device\\RegWatch"
#define RW_LINK_NAME        L"\\??\\RegWatch"
#define RW_ALTITUDE         L"380007"

#define RW_DEFAULT_RING     512
#define RW_MIN_RING         64
#define RW_MAX_RING         8192
#define RW_KEY_CHARS        160
#define RW_VALUE_CHARS      64

#define IOCTL_RW_READ       CTL_CODE(FILE_DEVICE_UNKNOWN, 0x870, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_RW_RELOAD     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x871, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef struct _RW_RECORD {
    LARGE_INTEGER Time;
    ULONG         ProcessId;
    ULONG         Operation;                /* REG_NOTIFY_CLASS */
    WCHAR         Key[RW_KEY_CHARS];        /* tail of the key path, terminated */
    WCHAR         Value[RW_VALUE_CHARS];    /* terminated, may be empty */
} RW_RECORD, *PRW_RECORD;

typedef struct _RW_RING {
    KSPIN_LOCK  Lock;
    PRW_RECORD  Records;
    ULONG       Capacity;
    ULONG       Head;                       /* next write */
    ULONG       Count;
    ULONG       Overwritten;
} RW_RING;

typedef struct _RW_GLOBALS {
    UNICODE_STRING  RegPath;                /* our own copy, freed at unload */
    PDEVICE_OBJECT  Device;
    LARGE_INTEGER   Cookie;
    BOOLEAN         CmRegistered;
    volatile LONG   Verbose;
    RW_RING         Ring;
} RW_GLOBALS;

extern RW_GLOBALS g_Rw;

/* ring.c */
NTSTATUS RwRingInit(_In_ ULONG Capacity);
VOID     RwRingFree(VOID);
VOID     RwRingPush(_In_ const RW_RECORD* Rec);
ULONG    RwRingPop(_Out_writes_(Max) PRW_RECORD Out, _In_ ULONG Max);
ULONG    RwReadDword(_In_ PCWSTR ValueName, _In_ ULONG Default);

/* regcb.c */
NTSTATUS RwStartCallback(_In_ PDRIVER_OBJECT DriverObject);
VOID     RwStopCallback(VOID);
