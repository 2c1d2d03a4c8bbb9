/*++

Module Name:

    wsklog.h

Abstract:

    KSyslog: a Winsock Kernel (WSK) client that forwards kernel events as
    RFC 5424 syslog datagrams to a collector configured in the registry:

        HKLM\SYSTEM\CurrentControlSet\Services\KSyslog\Parameters
            ServerAddress   REG_SZ      dotted IPv4, e.g. "10.0.0.5"
            ServerPort      REG_DWORD   default 514
            HeartbeatSec    REG_DWORD   default 60, 0 disables

    All socket I/O happens on one worker thread. The thread captures the WSK
    provider NPI itself (with a bounded wait, so it can notice a stop
    request), owns the socket, and releases both before it exits.

Environment:

    Kernel mode

--*/

#pragma once

#include <ntddk.h>
#include <wsk.h>
#include <ip2string.h>
#include <ntstrsafe.h>

#define WL_TAG                  'gLsK'
#define WL_MAX_MESSAGE          480
#define WL_MAX_QUEUED           256
#define WL_DEFAULT_PORT         514
#define WL_DEFAULT_HEARTBEAT    60
#define WL_CAPTURE_WAIT_MS      1000

#define WL_LOG(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "ksyslog: " _fmt "\n", __VA_ARGS__)
#define WL_ERR(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "ksyslog: " _fmt "\n", __VA_ARGS__)

typedef struct _WL_MESSAGE {
    LIST_ENTRY  Link;
    ULONG       Length;
    CHAR        Text[WL_MAX_MESSAGE];
} WL_MESSAGE, *PWL_MESSAGE;

//
// Initialization flags (WL_GLOBALS.Flags). WlTeardown checks each one.
//
#define WL_FLAG_LOOKASIDE       0x01
#define WL_FLAG_WSK_REGISTERED  0x02
#define WL_FLAG_WORKER          0x04

typedef struct _WL_GLOBALS {
    ULONG                   Flags;

    // configuration
    SOCKADDR_IN             Collector;
    ULONG                   HeartbeatSec;

    // WSK registration; must stay resident until WskDeregister returns
    WSK_REGISTRATION        Registration;

    // worker
    PKTHREAD                Worker;
    KEVENT                  StopEvent;
    KEVENT                  WakeEvent;

    // outgoing queue
    KSPIN_LOCK              QueueLock;
    LIST_ENTRY              Queue;
    ULONG                   QueueDepth;
    NPAGED_LOOKASIDE_LIST   MessageLookaside;

    volatile LONG           Sent;
    volatile LONG           Dropped;
} WL_GLOBALS, *PWL_GLOBALS;

extern WL_GLOBALS WlGlobals;

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WlUnload;

_IRQL_requires_max_(DISPATCH_LEVEL)
VOID
WlQueueMessage(
    _In_ PWL_GLOBALS Globals,
    _In_ ULONG Severity,
    _In_z_ _Printf_format_string_ PCSTR Format,
    ...
    );

//
// worker.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
WlStartWorker(
    _Inout_ PWL_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
WlStopWorker(
    _Inout_ PWL_GLOBALS Globals
    );

//
// wskio.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
WlSocketOpen(
    _In_ PWSK_PROVIDER_NPI Npi,
    _Outptr_ PWSK_SOCKET *Socket
    );

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
WlSocketSendTo(
    _In_ PWSK_SOCKET Socket,
    _In_ PSOCKADDR_IN Remote,
    _In_reads_bytes_(Length) PVOID Buffer,
    _In_ ULONG Length
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
WlSocketClose(
    _In_ PWSK_SOCKET Socket
    );
