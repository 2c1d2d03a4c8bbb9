/*++

Copyright (c) Lucerne Publishing IT.  All rights reserved.

Module Name:

    wdctl.h

Abstract:

    Service watchdog: a legacy (non-PnP) driver with one named control
    device.  The monitored service pings it through an IOCTL; a periodic
    timer DPC records missed pings into an event ring; the ring is added
    to crash dumps as secondary data, and a clean shutdown is recorded in
    the registry by the IRP_MJ_SHUTDOWN handler.

Environment:

    Kernel mode.

--*/

#pragma once

#include <ntddk.h>
#include <ntstrsafe.h>

#define LG_TAG                  'cdWL'
#define LG_TAG_RING             'rdWL'
#define LG_TAG_STRING           'sdWL'

#define LG_NT_DEVICE_NAME       L"\\Device\\LucerneWatchdog"
#define LG_DOS_DEVICE_NAME      L"\\DosDevices\\LucerneWatchdog"
#define LG_COMPONENT_NAME       "LucerneWatchdog"

#define LG_DEFAULT_RING_ENTRIES 256
#define LG_DEFAULT_TIMEOUT_SEC  30
#define LG_WATCHDOG_PERIOD_MS   1000
#define LG_PARAMETERS_CCH       300

//
// {B5C0A7E2-61F4-4B8D-9C3A-7E0D2F1A4B68}
//
DEFINE_GUID(LG_DUMP_DATA_GUID,
    0xb5c0a7e2, 0x61f4, 0x4b8d, 0x9c, 0x3a, 0x7e, 0x0d, 0x2f, 0x1a, 0x4b, 0x68);

//
// Logging and status helpers.
//
#if DBG
#define LG_ERR(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "wdctl: " _fmt "\n", ##__VA_ARGS__)
#define LG_INFO(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "wdctl: " _fmt "\n", ##__VA_ARGS__)
#else
#define LG_ERR(_fmt, ...)  ((void)0)
#define LG_INFO(_fmt, ...) ((void)0)
#endif

#define LG_CHK(_expr)                                                       \
    do {                                                                    \
        status = (_expr);                                                   \
        if (!NT_SUCCESS(status)) {                                          \
            LG_ERR("%s -> 0x%08X", #_expr, status);                         \
            goto Exit;                                                      \
        }                                                                   \
    } while (0)

//
// IOCTLs.
//
#define FILE_DEVICE_LGWATCHDOG      0x8F20
#define IOCTL_LG_PING               CTL_CODE(FILE_DEVICE_LGWATCHDOG, 0x800, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_LG_READ_EVENTS        CTL_CODE(FILE_DEVICE_LGWATCHDOG, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
#define IOCTL_LG_SET_TIMEOUT        CTL_CODE(FILE_DEVICE_LGWATCHDOG, 0x802, METHOD_BUFFERED, FILE_WRITE_ACCESS)

typedef enum _LG_EVENT_TYPE {
    LgEventPing = 1,
    LgEventMissed,
    LgEventRecovered,
    LgEventTimeoutChanged
} LG_EVENT_TYPE;

typedef struct _LG_EVENT {
    LG_EVENT_TYPE   Type;
    ULONG           Value;
    ULONG64         InterruptTime;
} LG_EVENT, *PLG_EVENT;

typedef struct _LG_CONFIG {
    ULONG   RingEntries;
    ULONG   TimeoutSeconds;
} LG_CONFIG, *PLG_CONFIG;

//
// Driver globals.
//
typedef struct _LG_GLOBALS {
    PDRIVER_OBJECT  DriverObject;
    PDEVICE_OBJECT  ControlDevice;
    BOOLEAN         LinkCreated;

    UNICODE_STRING  ServiceKey;                         // private copy
    WCHAR           ParametersPath[LG_PARAMETERS_CCH];
    LG_CONFIG       Config;

    //
    // Event ring.
    //
    KSPIN_LOCK      RingLock;
    PLG_EVENT       Ring;
    ULONG           RingEntries;
    ULONG           RingHead;
    ULONG           RingCount;

    //
    // Watchdog.
    //
    KTIMER          WatchdogTimer;
    KDPC            WatchdogDpc;
    BOOLEAN         WatchdogStarted;
    volatile LONG64 LastPing;
    BOOLEAN         Missed;

    //
    // Crash / shutdown hooks.
    //
    KBUGCHECK_REASON_CALLBACK_RECORD BugCheckRecord;
    BOOLEAN         CrashHooksRegistered;
} LG_GLOBALS, *PLG_GLOBALS;

extern LG_GLOBALS g_Lg;

//
// main.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LgUnload;

//
// device.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
LgCreateControlDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _Inout_ PLG_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
LgDeleteControlDevice(
    _Inout_ PLG_GLOBALS Globals
    );

DRIVER_DISPATCH LgDispatchInvalid;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH LgDispatchCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH LgDispatchDeviceControl;

_Dispatch_type_(IRP_MJ_SHUTDOWN)
DRIVER_DISPATCH LgDispatchShutdown;

//
// ring.c
//
_IRQL_requires_(PASSIVE_LEVEL)
BOOLEAN
LgAllocateRing(
    _Inout_ PLG_GLOBALS Globals,
    _In_ ULONG Entries
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
LgFreeRing(
    _Inout_ PLG_GLOBALS Globals
    );

_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
LgRecordEvent(
    _Inout_ PLG_GLOBALS Globals,
    _In_ LG_EVENT_TYPE Type,
    _In_ ULONG Value
    );

_IRQL_requires_max_(DISPATCH_LEVEL)
ULONG
LgCopyEvents(
    _In_ PLG_GLOBALS Globals,
    _Out_writes_(MaxEvents) PLG_EVENT Events,
    _In_ ULONG MaxEvents
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
LgStartWatchdog(
    _Inout_ PLG_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
LgStopWatchdog(
    _Inout_ PLG_GLOBALS Globals
    );

KDEFERRED_ROUTINE LgWatchdogDpc;

//
// crash.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
LgRegisterCrashHooks(
    _Inout_ PLG_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
LgUnregisterCrashHooks(
    _Inout_ PLG_GLOBALS Globals
    );
