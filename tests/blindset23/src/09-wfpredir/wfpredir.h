/*
 * wfpredir.h
 *
 * ALE connect-redirect callout: outbound TCP connections to a configured
 * remote port are redirected to a local proxy (loopback) process.  The
 * proxy queries the original destination with SIO_QUERY_WFP_CONNECTION_
 * REDIRECT_RECORDS on its accepted socket.
 *
 * Copyright (c) 2021-2023 the wfpredir authors. Apache-2.0.
 */
#pragma once

#define NDIS630 1

#include <ntddk.h>
#include <ndis.h>
#pragma warning(push)
#pragma warning(disable: 4201)      // nameless struct/union
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
#include <ws2ipdef.h>
#include <in6addr.h>
#include <ip2string.h>

//
// Object keys.  Define storage in exactly one translation unit by
// including <initguid.h> first.
//

// {6B7A3C2E-0F51-4D0B-9E0B-5C1D4E9F2A01}
DEFINE_GUID(WFPREDIR_PROVIDER_KEY,
    0x6b7a3c2e, 0x0f51, 0x4d0b, 0x9e, 0x0b, 0x5c, 0x1d, 0x4e, 0x9f, 0x2a, 0x01);
// {6B7A3C2E-0F51-4D0B-9E0B-5C1D4E9F2A02}
DEFINE_GUID(WFPREDIR_SUBLAYER_KEY,
    0x6b7a3c2e, 0x0f51, 0x4d0b, 0x9e, 0x0b, 0x5c, 0x1d, 0x4e, 0x9f, 0x2a, 0x02);
// {6B7A3C2E-0F51-4D0B-9E0B-5C1D4E9F2A03}
DEFINE_GUID(WFPREDIR_CALLOUT_V4_KEY,
    0x6b7a3c2e, 0x0f51, 0x4d0b, 0x9e, 0x0b, 0x5c, 0x1d, 0x4e, 0x9f, 0x2a, 0x03);
// {6B7A3C2E-0F51-4D0B-9E0B-5C1D4E9F2A04}
DEFINE_GUID(WFPREDIR_CALLOUT_V6_KEY,
    0x6b7a3c2e, 0x0f51, 0x4d0b, 0x9e, 0x0b, 0x5c, 0x1d, 0x4e, 0x9f, 0x2a, 0x04);

#define WFPREDIR_TAG    'rdRW'

//
// Logging
//
#define WR_LOG(_level, _fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, (_level), "[wfpredir] " _fmt "\n", __VA_ARGS__)
#define WR_ERROR(_fmt, ...)  WR_LOG(DPFLTR_ERROR_LEVEL, _fmt, __VA_ARGS__)
#define WR_TRACE(_fmt, ...)  WR_LOG(DPFLTR_TRACE_LEVEL, _fmt, __VA_ARGS__)

#define WR_BREAK_ON_FAIL(_status, _what)                                \
    if (!NT_SUCCESS(_status)) {                                         \
        WR_ERROR("%s failed: 0x%08X (%s:%d)", (_what), (_status),       \
                 __FILE__, __LINE__);                                   \
        break;                                                          \
    }

//
// Configuration (HKLM\SYSTEM\CurrentControlSet\Services\wfpredir\Parameters)
//
typedef struct _WR_CONFIG {
    USHORT  MatchRemotePort;    // host order, e.g. 80
    USHORT  ProxyPort;          // host order, local proxy listens here
    ULONG   ProxyProcessId;     // PID of the proxy, 0 = any local process
    ULONG   EnableIpv6;
} WR_CONFIG, *PWR_CONFIG;

//
// Things that were set up, in the order they are set up.  The teardown
// routine checks each bit and undoes it in reverse order.
//
#define WR_STATE_DEVICE             0x00000001
#define WR_STATE_REDIRECT_HANDLE    0x00000002
#define WR_STATE_CALLOUT_V4         0x00000004
#define WR_STATE_CALLOUT_V6         0x00000008
#define WR_STATE_ENGINE             0x00000010
#define WR_STATE_OBJECTS            0x00000020

typedef struct _WR_CONTEXT {
    ULONG           State;
    PDEVICE_OBJECT  DeviceObject;
    HANDLE          RedirectHandle;
    UINT32          CalloutIdV4;
    UINT32          CalloutIdV6;
    HANDLE          EngineHandle;
    WR_CONFIG       Config;

    volatile LONG64 Redirected;
    volatile LONG64 SkippedAlreadyRedirected;
} WR_CONTEXT, *PWR_CONTEXT;

extern WR_CONTEXT g_WrContext;

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WrUnload;

_IRQL_requires_(PASSIVE_LEVEL)
VOID
WrTeardown(
    _Inout_ PWR_CONTEXT Ctx
    );

//
// callout.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
WrRegisterCallouts(
    _Inout_ PWR_CONTEXT Ctx
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
WrUnregisterCallouts(
    _Inout_ PWR_CONTEXT Ctx
    );

//
// bfe.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
WrOpenEngine(
    _Inout_ PWR_CONTEXT Ctx
    );

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
WrAddFilterObjects(
    _Inout_ PWR_CONTEXT Ctx
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
WrCloseEngine(
    _Inout_ PWR_CONTEXT Ctx
    );
