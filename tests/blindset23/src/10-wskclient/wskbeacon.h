/*
 * wskbeacon.h
 *
 * wskbeacon.sys periodically opens a TCP connection to a collector and
 * sends a one-line status record ("BEACON <host-id> <uptime-s> <seq>\n").
 * Everything network-related runs on a dedicated system thread; the
 * WSK provider NPI is captured there, never in DriverEntry.
 */
#pragma once

#include <ntddk.h>
#include <wsk.h>
#include <ntstrsafe.h>

#define WB_POOL_TAG             'nBkW'
#define WB_SEND_BUFFER_SIZE     256
#define WB_CAPTURE_WAIT_MS      1000        // re-check the stop event this often
#define WB_MIN_INTERVAL_S       5
#define WB_DEFAULT_INTERVAL_S   60

#if DBG
#define WbPrint(_lvl, _fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, (_lvl), "wskbeacon: " _fmt "\n", __VA_ARGS__)
#else
#define WbPrint(_lvl, _fmt, ...) ((void)0)
#endif
#define WbError(_fmt, ...)  WbPrint(DPFLTR_ERROR_LEVEL, _fmt, __VA_ARGS__)
#define WbInfo(_fmt, ...)   WbPrint(DPFLTR_INFO_LEVEL, _fmt, __VA_ARGS__)

typedef struct _WB_CONFIG {
    ULONG   CollectorAddress;   // IPv4, network byte order
    USHORT  CollectorPort;      // network byte order
    ULONG   IntervalSeconds;
    ULONG   HostId;
} WB_CONFIG, *PWB_CONFIG;

typedef struct _WB_CONTEXT {
    //
    // Registration with the WSK subsystem.  Both structures must stay
    // resident until WskDeregister has returned, so they live here in
    // the (non-paged) global context.
    //
    WSK_REGISTRATION    Registration;
    WSK_CLIENT_NPI      ClientNpi;
    BOOLEAN             Registered;

    //
    // Worker thread.  ThreadObject is a referenced PKTHREAD.
    //
    PKTHREAD            ThreadObject;
    KEVENT              StopEvent;

    //
    // Send buffer described by a non-paged MDL, reused for every beacon.
    //
    PCHAR               SendBuffer;
    PMDL                SendMdl;

    WB_CONFIG           Config;
    ULONG               Sequence;
    ULONG               Failures;
} WB_CONTEXT, *PWB_CONTEXT;

extern WB_CONTEXT g_Beacon;

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WbUnload;

_IRQL_requires_(PASSIVE_LEVEL)
VOID
WbCleanup(
    _Inout_ PWB_CONTEXT Ctx
    );

//
// worker.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
WbStartWorker(
    _Inout_ PWB_CONTEXT Ctx
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
WbStopWorker(
    _Inout_ PWB_CONTEXT Ctx
    );

//
// net.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
WbSendBeacon(
    _In_ PWSK_PROVIDER_NPI Npi,
    _In_ PWB_CONTEXT Ctx,
    _In_ ULONG Length
    );
