//
// kmemio - tiny KMDF helper driver used by the overlay tool to peek at
// another process's memory without opening a usermode handle to it.
//
// build: WDK 10, KMDF 1.15, x64 only
//
#pragma once

#include <ntifs.h>
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define KM_POOL_TAG        'oImK'
#define KM_DEVICE_NAME     L"\\Device\\KMemIo"
#define KM_SYMLINK_NAME    L"\\DosDevices\\KMemIo"

#define KM_MAX_TRANSFER    (64 * 1024)
#define KM_MAX_TARGETS     16

#define IOCTL_KM_ATTACH    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_KM_READ      CTL_CODE(FILE_DEVICE_UNKNOWN, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_KM_WRITE     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x903, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_KM_STATS     CTL_CODE(FILE_DEVICE_UNKNOWN, 0x904, METHOD_BUFFERED, FILE_ANY_ACCESS)

//
// logging
//
#define KLOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "[kmemio] " fmt "\n", __VA_ARGS__)
#define KERR(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[kmemio] !! " fmt "\n", __VA_ARGS__)

//
// evaluates expr, logs and returns from the current function on failure.
// the caller must have an NTSTATUS named 'status' in scope.
//
#define NT_CHECK(expr)                                                    \
    do {                                                                  \
        status = (expr);                                                  \
        if (!NT_SUCCESS(status)) {                                        \
            KERR("%s failed: 0x%08X (%s:%d)", #expr, status,              \
                 __FILE__, __LINE__);                                     \
            return status;                                                \
        }                                                                 \
    } while (0)

#pragma pack(push, 1)
typedef struct _KM_ATTACH_REQUEST {
    ULONG     ProcessId;
} KM_ATTACH_REQUEST, *PKM_ATTACH_REQUEST;

typedef struct _KM_COPY_REQUEST {
    ULONG     ProcessId;
    ULONG64   Address;
    ULONG     Size;
    UCHAR     Data[1];
} KM_COPY_REQUEST, *PKM_COPY_REQUEST;

typedef struct _KM_STATS {
    ULONG64   Reads;
    ULONG64   Writes;
    ULONG64   BytesRead;
    ULONG64   BytesWritten;
    ULONG     Targets;
} KM_STATS, *PKM_STATS;
#pragma pack(pop)

typedef struct _KM_GLOBALS {
    WDFDRIVER      Driver;
    WDFDEVICE      ControlDevice;
    WDFSPINLOCK    StatsLock;
    WDFCOLLECTION  Targets;         // WDFMEMORY entries, one KM_ATTACH_REQUEST each
    KM_STATS       Stats;
} KM_GLOBALS, *PKM_GLOBALS;

extern KM_GLOBALS g_Km;

//
// undocumented but exported by ntoskrnl
//
NTKERNELAPI
NTSTATUS
NTAPI
MmCopyVirtualMemory(
    _In_ PEPROCESS SourceProcess,
    _In_ PVOID SourceAddress,
    _In_ PEPROCESS TargetProcess,
    _Out_ PVOID TargetAddress,
    _In_ SIZE_T BufferSize,
    _In_ KPROCESSOR_MODE PreviousMode,
    _Out_ PSIZE_T ReturnSize
    );

// globals.c
NTSTATUS KmInitGlobals(VOID);
BOOLEAN  KmIsTarget(_In_ ULONG ProcessId);
NTSTATUS KmAddTarget(_In_ ULONG ProcessId);

// device.c
NTSTATUS KmCreateControlDevice(_In_ WDFDRIVER Driver);

// ioctl.c
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL KmEvtIoDeviceControl;
