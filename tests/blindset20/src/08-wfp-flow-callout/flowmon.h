/*++

Copyright (c) Adatum Network Security.  All rights reserved.

Module Name:

    flowmon.h

Abstract:

    Connection policy and flow logging WFP callout driver.

      * ALE_AUTH_CONNECT_V4       terminating callout: blocks outbound
                                  connections to configured remote ports
      * ALE_AUTH_RECV_ACCEPT_V4   inspection callout: counts inbound accepts
      * ALE_FLOW_ESTABLISHED_V4   inspection callout: logs established flows
                                  into a ring read by the agent

    IPv6 variants of all three are compiled in with FM_ENABLE_IPV6.

    Objects are added in a dynamic BFE session so they disappear with
    the engine handle.

Environment:

    Kernel mode.

--*/

#pragma once

#define NDIS630 1

#include <ntifs.h>
#include <ntddk.h>

#pragma warning(push)
#pragma warning(disable:4201)   // nameless struct/union
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)

#include <fwpmk.h>
#include <ntstrsafe.h>

#define FM_TAG                  'nMwF'
#define FM_TAG_RING             'rMwF'

#define FM_MAX_BLOCKED_PORTS    32
#define FM_RING_ENTRIES         1024

//
// Keys.  Stable across releases so the agent and the INF can refer to
// them.
//
// {3A6E1F09-5B7C-4D2E-8F41-2C9D0E7A6B15}
DEFINE_GUID(FM_SUBLAYER_KEY,
    0x3a6e1f09, 0x5b7c, 0x4d2e, 0x8f, 0x41, 0x2c, 0x9d, 0x0e, 0x7a, 0x6b, 0x15);

// {3A6E1F0A-5B7C-4D2E-8F41-2C9D0E7A6B15}
DEFINE_GUID(FM_CALLOUT_CONNECT_V4,
    0x3a6e1f0a, 0x5b7c, 0x4d2e, 0x8f, 0x41, 0x2c, 0x9d, 0x0e, 0x7a, 0x6b, 0x15);

// {3A6E1F0B-5B7C-4D2E-8F41-2C9D0E7A6B15}
DEFINE_GUID(FM_CALLOUT_ACCEPT_V4,
    0x3a6e1f0b, 0x5b7c, 0x4d2e, 0x8f, 0x41, 0x2c, 0x9d, 0x0e, 0x7a, 0x6b, 0x15);

// {3A6E1F0C-5B7C-4D2E-8F41-2C9D0E7A6B15}
DEFINE_GUID(FM_CALLOUT_ESTABLISHED_V4,
    0x3a6e1f0c, 0x5b7c, 0x4d2e, 0x8f, 0x41, 0x2c, 0x9d, 0x0e, 0x7a, 0x6b, 0x15);

#if defined(FM_ENABLE_IPV6)
// {3A6E1F1A-5B7C-4D2E-8F41-2C9D0E7A6B15}
DEFINE_GUID(FM_CALLOUT_CONNECT_V6,
    0x3a6e1f1a, 0x5b7c, 0x4d2e, 0x8f, 0x41, 0x2c, 0x9d, 0x0e, 0x7a, 0x6b, 0x15);

// {3A6E1F1B-5B7C-4D2E-8F41-2C9D0E7A6B15}
DEFINE_GUID(FM_CALLOUT_ACCEPT_V6,
    0x3a6e1f1b, 0x5b7c, 0x4d2e, 0x8f, 0x41, 0x2c, 0x9d, 0x0e, 0x7a, 0x6b, 0x15);

// {3A6E1F1C-5B7C-4D2E-8F41-2C9D0E7A6B15}
DEFINE_GUID(FM_CALLOUT_ESTABLISHED_V6,
    0x3a6e1f1c, 0x5b7c, 0x4d2e, 0x8f, 0x41, 0x2c, 0x9d, 0x0e, 0x7a, 0x6b, 0x15);

#define FM_MAX_CALLOUTS 6
#else
#define FM_MAX_CALLOUTS 3
#endif

//
// Tracing.
//
#if DBG
#define FM_TRACE(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "flowmon: " _fmt "\n", __VA_ARGS__)
#define FM_ERROR(_fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_ERROR_LEVEL, "flowmon: " _fmt "\n", __VA_ARGS__)
#else
#define FM_TRACE(_fmt, ...) ((void)0)
#define FM_ERROR(_fmt, ...) ((void)0)
#endif

#define FM_CHECK(_expr)                                                     \
    do {                                                                    \
        status = (_expr);                                                   \
        if (!NT_SUCCESS(status)) {                                          \
            FM_ERROR("%s failed 0x%08X", #_expr, status);                   \
            goto Exit;                                                      \
        }                                                                   \
    } while (0)

//
// Static description of one callout: its keys, its functions and the
// filter that invokes it.
//
typedef struct _FM_CALLOUT_DESCRIPTOR {
    const GUID                          *CalloutKey;
    const GUID                          *LayerKey;
    FWPS_CALLOUT_CLASSIFY_FN1           ClassifyFn;
    FWPS_CALLOUT_NOTIFY_FN1             NotifyFn;
    FWP_ACTION_TYPE                     FilterAction;
    PCWSTR                              Name;
    PCWSTR                              Description;
} FM_CALLOUT_DESCRIPTOR, *PFM_CALLOUT_DESCRIPTOR;

//
// Flow log record.
//
typedef struct _FM_FLOW_RECORD {
    LARGE_INTEGER   Time;
    UINT64          ProcessId;
    UINT16          AddressFamily;
    UINT8           Protocol;
    UINT8           Direction;
    UINT16          LocalPort;
    UINT16          RemotePort;
    UINT8           LocalAddress[16];
    UINT8           RemoteAddress[16];
} FM_FLOW_RECORD, *PFM_FLOW_RECORD;

typedef struct _FM_STATS {
    volatile LONG64 ConnectsSeen;
    volatile LONG64 ConnectsBlocked;
    volatile LONG64 AcceptsSeen;
    volatile LONG64 FlowsLogged;
} FM_STATS;

//
// Global driver state.
//
typedef struct _FM_GLOBALS {
    PDEVICE_OBJECT  DeviceObject;       // anchor for FwpsCalloutRegister
    HANDLE          EngineHandle;
    BOOLEAN         InTransaction;

    UINT32          CalloutIds[FM_MAX_CALLOUTS];
    ULONG           RegisteredCallouts;
    UINT64          FilterIds[FM_MAX_CALLOUTS];

    UINT16          BlockedPorts[FM_MAX_BLOCKED_PORTS];
    ULONG           BlockedPortCount;

    KSPIN_LOCK      RingLock;
    PFM_FLOW_RECORD Ring;
    ULONG           RingHead;
    ULONG           RingCount;

    FM_STATS        Stats;
} FM_GLOBALS, *PFM_GLOBALS;

extern FM_GLOBALS g_Fm;
extern const FM_CALLOUT_DESCRIPTOR FmCalloutTable[FM_MAX_CALLOUTS];

//
// driver.c
//
DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FmUnload;

//
// register.c
//
_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
FmOpenEngine(
    _Inout_ PFM_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
NTSTATUS
FmRegisterCalloutsAndFilters(
    _Inout_ PFM_GLOBALS Globals
    );

_IRQL_requires_(PASSIVE_LEVEL)
VOID
FmUnregisterAll(
    _Inout_ PFM_GLOBALS Globals
    );

//
// classify.c
//
void NTAPI
FmClassifyConnect(
    _In_ const FWPS_INCOMING_VALUES0 *inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
    _Inout_opt_ void *layerData,
    _In_opt_ const void *classifyContext,
    _In_ const FWPS_FILTER1 *filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *classifyOut
    );

void NTAPI
FmClassifyAccept(
    _In_ const FWPS_INCOMING_VALUES0 *inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
    _Inout_opt_ void *layerData,
    _In_opt_ const void *classifyContext,
    _In_ const FWPS_FILTER1 *filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *classifyOut
    );

void NTAPI
FmClassifyEstablished(
    _In_ const FWPS_INCOMING_VALUES0 *inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
    _Inout_opt_ void *layerData,
    _In_opt_ const void *classifyContext,
    _In_ const FWPS_FILTER1 *filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *classifyOut
    );

NTSTATUS NTAPI
FmNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID *filterKey,
    _Inout_ FWPS_FILTER1 *filter
    );
