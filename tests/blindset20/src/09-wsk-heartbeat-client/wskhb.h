/*++

Copyright (c) Fourth Coffee Systems.  All rights reserved.

Module Name:

    wskhb.h

Abstract:

    Kernel heartbeat emitter.  Sends a small UDP datagram to a collector
    at a fixed interval using Winsock Kernel, so a monitoring service
    can tell a hung machine (no heartbeats) from a hung user-mode agent.

    A periodic kernel timer's DPC queues a work item (anchored on an
    unnamed device object) that does the PASSIVE_LEVEL socket work.

Environment:

    Kernel mode.

--*/

#pragma once

#include <ntddk.h>
#include <wsk.h>
#include <ntstrsafe.h>

#define HB_TAG                      'tbHF'

#define HB_DEFAULT_PORT             47011
#define HB_DEFAULT_INTERVAL_SEC     15
#define HB_MIN_INTERVAL_SEC         1
#define HB_MAX_INTERVAL_SEC         3600
#define HB_NODE_NAME_CCH            32
#define HB_PAYLOAD_BYTES            128
#define HB_CAPTURE_WAIT_MS          0       // WSK_NO_WAIT: retry on the next tick

//
// Tracing.
//
#if DBG
#define HB_LOG(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "wskhb: " _fmt "\n", ##__VA_ARGS__)
#else
#define HB_LOG(_fmt, ...) ((void)0)
#endif

#define HB_RETURN_IF_FAILED(_expr)                                  \
    do {                                                            \
        NTSTATUS _s = (_expr);                                      \
        if (!NT_SUCCESS(_s)) {                                      \
            HB_LOG("%s failed 0x%08X", #_expr, _s);                 \
            return _s;                                              \
        }                                                           \
    } while (0)

typedef struct _HB_CONFIG {
    ULONG   DestinationAddress;         // IPv4, network byte order
    USHORT  DestinationPort;            // host byte order
    ULONG   IntervalSeconds;
    WCHAR   NodeName[HB_NODE_NAME_CCH];
} HB_CONFIG, *PHB_CONFIG;

//
// Global state.
//
typedef struct _HB_GLOBALS {
    PDRIVER_OBJECT      DriverObject;
    HB_CONFIG           Config;

    //
    // WSK.
    //
    WSK_CLIENT_NPI      ClientNpi;
    WSK_REGISTRATION    Registration;
    BOOLEAN             Registered;
    WSK_PROVIDER_NPI    ProviderNpi;
    BOOLEAN             NpiCaptured;
    PWSK_SOCKET         Socket;
    PIRP                CloseIrp;           // reserved for closing Socket

    //
    // Payload.
    //
    PCHAR               Payload;            // HB_PAYLOAD_BYTES, nonpaged
    PMDL                PayloadMdl;
    ULONG64             Sequence;

    //
    // Scheduling.
    //
    PDEVICE_OBJECT      WorkDevice;         // unnamed; anchors the work item
    PIO_WORKITEM        WorkItem;
    KTIMER              Timer;
    KDPC                TimerDpc;
    BOOLEAN             TimerStarted;
    volatile LONG       WorkQueued;
    volatile LONG       Stopping;
    KEVENT              WorkIdleEvent;      // signaled when no work item is queued/running
} HB_GLOBALS, *PHB_GLOBALS;

extern HB_GLOBALS g_Hb;

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD HbUnload;

//
// wsk.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
HbWskRegister(
    _Inout_ PHB_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
HbWskDeregister(
    _Inout_ PHB_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
HbWskEnsureSocket(
    _Inout_ PHB_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
HbWskSendHeartbeat(
    _Inout_ PHB_GLOBALS Globals,
    _In_ ULONG Length
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
HbWskCloseSocket(
    _Inout_ PHB_GLOBALS Globals
    );

//
// worker.c
//
KDEFERRED_ROUTINE HbTimerDpc;
IO_WORKITEM_ROUTINE HbWorkItemRoutine;

_IRQL_requires_(PASSIVE_LEVEL)
BOOLEAN
HbAllocatePayload(
    _Inout_ PHB_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
HbFreePayload(
    _Inout_ PHB_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
HbStopWorker(
    _Inout_ PHB_GLOBALS Globals
    );
