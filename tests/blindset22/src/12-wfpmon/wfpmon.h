/*++

Module Name:

    wfpmon.h

Abstract:

    PortWarden: WFP callout driver that watches outbound connection attempts
    (ALE_AUTH_CONNECT v4/v6) and blocks the remote ports listed in the
    service's Parameters\BlockedPorts value (REG_BINARY, array of USHORT in
    host byte order).

    Objects are added in a dynamic BFE session, so the provider, sublayer,
    callouts and filters disappear when the engine handle is closed.

Environment:

    Kernel mode, WDM, NDIS 6.30 / WFP 1.1+.

--*/

#pragma once

#define NDIS630 1

#include <ntddk.h>
#pragma warning(push)
#pragma warning(disable:4201)       // nameless struct/union in fwpsk.h
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>
#include <initguid.h>

// {3B9F4C21-7D05-4E8A-A6C3-5E1F02D7B944}
DEFINE_GUID(PW_PROVIDER_KEY,
    0x3b9f4c21, 0x7d05, 0x4e8a, 0xa6, 0xc3, 0x5e, 0x1f, 0x02, 0xd7, 0xb9, 0x44);
// {91E6A0D3-2B48-4F17-8C5D-A3E74F60B218}
DEFINE_GUID(PW_SUBLAYER_KEY,
    0x91e6a0d3, 0x2b48, 0x4f17, 0x8c, 0x5d, 0xa3, 0xe7, 0x4f, 0x60, 0xb2, 0x18);
// {C47D1E85-6A32-4B09-9F7E-10D2B5A8C361}
DEFINE_GUID(PW_CALLOUT_CONNECT_V4,
    0xc47d1e85, 0x6a32, 0x4b09, 0x9f, 0x7e, 0x10, 0xd2, 0xb5, 0xa8, 0xc3, 0x61);
// {5E02B7F4-93C1-4D6A-B814-7F3A9E0C25D7}
DEFINE_GUID(PW_CALLOUT_CONNECT_V6,
    0x5e02b7f4, 0x93c1, 0x4d6a, 0xb8, 0x14, 0x7f, 0x3a, 0x9e, 0x0c, 0x25, 0xd7);

#define PW_TAG                  'dWwP'
#define PW_MAX_BLOCKED_PORTS    32

#define PW_LOG(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "portwarden: " _fmt "\n", __VA_ARGS__)
#define PW_ERR(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "portwarden: " _fmt "\n", __VA_ARGS__)

//
// Bits in PW_GLOBALS.Done: what has been set up and must be torn down.
//
#define PW_DONE_DEVICE          0x0001
#define PW_DONE_CALLOUTS        0x0002      // both runtime callouts registered
#define PW_DONE_ENGINE          0x0004      // BFE session open, objects committed

typedef struct _PW_GLOBALS {
    ULONG           Done;
    PDEVICE_OBJECT  DeviceObject;           // required by FwpsCalloutRegister
    HANDLE          EngineHandle;
    UINT32          CalloutIdV4;
    UINT32          CalloutIdV6;
    UINT64          FilterIdV4;
    UINT64          FilterIdV6;

    ULONG           BlockedCount;
    USHORT          BlockedPorts[PW_MAX_BLOCKED_PORTS];

    volatile LONG64 Seen;
    volatile LONG64 Blocked;
} PW_GLOBALS, *PPW_GLOBALS;

extern PW_GLOBALS PwGlobals;

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PwDriverUnload;

//
// callout.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
PwRegisterCallouts(
    _Inout_ PPW_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
PwUnregisterCallouts(
    _Inout_ PPW_GLOBALS Globals
    );

//
// bfe.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
PwBfeAddObjects(
    _Inout_ PPW_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
PwBfeClose(
    _Inout_ PPW_GLOBALS Globals
    );
