/*++

Copyright (c) Woodgrove Endpoint.  All rights reserved.

Module Name:

    pm.h

Abstract:

    Process/thread activity recorder: a non-PnP KMDF driver with one
    control device.  Process and thread notifications are captured into
    a fixed-size ring; the user-mode agent drains it with IOCTLs and can
    park an "inverted call" request that completes when new records
    arrive.

Environment:

    Kernel mode, KMDF 1.15+.  Linked with /INTEGRITYCHECK (required by
    PsSetCreateProcessNotifyRoutineEx).

--*/

#pragma once

#include <ntifs.h>
#include <wdf.h>
#include <wdmsec.h>
#include <ntstrsafe.h>

#define PM_POOL_TAG             'nMmP'
#define PM_RING_TAG             'gRmP'

#define PM_NT_DEVICE_NAME       L"\\Device\\WoodgroveProcMon"
#define PM_DOS_DEVICE_NAME      L"\\DosDevices\\WoodgroveProcMon"

#define PM_DEFAULT_CAPACITY     4096
#define PM_MIN_CAPACITY         64
#define PM_MAX_CAPACITY         (64 * 1024)
#define PM_IMAGE_NAME_CCH       64

//
// Status-propagation helpers.  Functions that use NT_CHECK declare
// 'status' and an 'Exit:' label.
//
#define NT_CHECK(_expr)                                                     \
    do {                                                                    \
        status = (_expr);                                                   \
        if (!NT_SUCCESS(status)) {                                          \
            PM_LOG_ERROR("%s -> 0x%08X", #_expr, status);                   \
            goto Exit;                                                      \
        }                                                                   \
    } while (0)

#define RETURN_IF_FAILED(_expr)                                             \
    do {                                                                    \
        NTSTATUS __status = (_expr);                                        \
        if (!NT_SUCCESS(__status)) {                                        \
            PM_LOG_ERROR("%s -> 0x%08X", #_expr, __status);                 \
            return __status;                                                \
        }                                                                   \
    } while (0)

//
// Logging.
//
#if DBG
#define PM_LOG_ERROR(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "pmon: " _fmt "\n", __VA_ARGS__)
#define PM_LOG_INFO(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "pmon: " _fmt "\n", __VA_ARGS__)
#else
#define PM_LOG_ERROR(_fmt, ...) ((void)0)
#define PM_LOG_INFO(_fmt, ...)  ((void)0)
#endif

//
// IOCTLs.
//
#define FILE_DEVICE_PMON            0x8E01
#define IOCTL_PM_READ_EVENTS        CTL_CODE(FILE_DEVICE_PMON, 0x900, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PM_WAIT_EVENTS        CTL_CODE(FILE_DEVICE_PMON, 0x901, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_PM_GET_STATS          CTL_CODE(FILE_DEVICE_PMON, 0x902, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef enum _PM_EVENT_TYPE {
    PmEventProcessCreate = 1,
    PmEventProcessExit,
    PmEventThreadCreate,
    PmEventThreadExit
} PM_EVENT_TYPE;

typedef struct _PM_EVENT {
    PM_EVENT_TYPE   Type;
    ULONG           Reserved;
    LARGE_INTEGER   Time;
    ULONG64         ProcessId;
    ULONG64         ParentOrThreadId;
    WCHAR           ImageName[PM_IMAGE_NAME_CCH];
} PM_EVENT, *PPM_EVENT;

typedef struct _PM_STATS {
    ULONG64 Recorded;
    ULONG64 Overwritten;
    ULONG   Capacity;
    ULONG   Pending;
} PM_STATS, *PPM_STATS;

//
// Ring buffer of events.
//
typedef struct _PM_EVENT_STORE {
    KSPIN_LOCK  Lock;
    PPM_EVENT   Entries;
    ULONG       Capacity;
    ULONG       Head;       // next slot to write
    ULONG       Count;
    ULONG64     Recorded;
    ULONG64     Overwritten;
} PM_EVENT_STORE, *PPM_EVENT_STORE;

typedef struct _PM_CONFIG {
    ULONG   Capacity;
    BOOLEAN CaptureThreads;
} PM_CONFIG, *PPM_CONFIG;

//
// Driver globals.
//
typedef struct _PM_GLOBALS {
    WDFDRIVER       Driver;
    WDFDEVICE       ControlDevice;
    WDFQUEUE        WaitQueue;
    PM_CONFIG       Config;
    PM_EVENT_STORE  Store;
    BOOLEAN         ProcessNotifyRegistered;
    BOOLEAN         ThreadNotifyRegistered;
    volatile LONG   ShuttingDown;
    volatile LONG   OpenHandles;
} PM_GLOBALS, *PPM_GLOBALS;

extern PM_GLOBALS g_Pm;

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD PmEvtDriverUnload;

//
// eventstore.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
PmEventStoreInitialize(
    _Out_ PPM_EVENT_STORE Store,
    _In_ ULONG Capacity
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
PmEventStoreUninitialize(
    _Inout_ PPM_EVENT_STORE Store
    );

_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
PmEventStorePush(
    _Inout_ PPM_EVENT_STORE Store,
    _In_ const PM_EVENT *Event
    );

_IRQL_requires_max_(DISPATCH_LEVEL)
ULONG
PmEventStorePop(
    _Inout_ PPM_EVENT_STORE Store,
    _Out_writes_to_(MaxEvents, return) PPM_EVENT Events,
    _In_ ULONG MaxEvents
    );

_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
PmEventStoreQueryStats(
    _In_ PPM_EVENT_STORE Store,
    _Out_ PPM_STATS Stats
    );

//
// control.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
PmControlDeviceCreate(
    _In_ WDFDRIVER Driver,
    _Out_ WDFDEVICE *ControlDevice,
    _Out_ WDFQUEUE *WaitQueue
    );

_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
PmControlSignalWaiters(
    VOID
    );

//
// notify.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
PmNotifyRegister(
    _Inout_ PPM_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
PmNotifyUnregister(
    _Inout_ PPM_GLOBALS Globals
    );
