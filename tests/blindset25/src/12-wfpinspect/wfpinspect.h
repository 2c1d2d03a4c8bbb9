/*
 * wfpinspect.h - WfpInspect transport-layer inspection callout
 *
 * Outbound packets to the configured remote port (default 8080) are cloned,
 * inspected and re-injected with FwpsInjectTransportSendAsync; the original
 * is absorbed. Self-injected packets are recognised with
 * FwpsQueryPacketInjectionState and permitted.
 *
 * Copyright (c) WfpInspect developers. MIT licensed.
 */
#pragma once

#include <ntddk.h>

#pragma warning(push)
#pragma warning(disable: 4201)     /* nameless struct/union */
#define NDIS_SUPPORT_NDIS6 1
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)

#include <fwpmk.h>

#define WI_TAG                 'snIW'
#define WI_DEFAULT_PORT        8080

#define WI_LOG(level, fmt, ...) \
    DbgPrintEx(DPFLTR_IHVNETWORK_ID, (level), "wfpinspect!%s: " fmt "\n", __FUNCTION__, __VA_ARGS__)
#define WI_ERROR(fmt, ...)  WI_LOG(DPFLTR_ERROR_LEVEL, fmt, __VA_ARGS__)
#define WI_INFO(fmt, ...)   WI_LOG(DPFLTR_INFO_LEVEL, fmt, __VA_ARGS__)

// {8d2f6a13-0c4e-4b7a-9e51-3a6c7d20b1f4}
DEFINE_GUID(WI_CALLOUT_OUTBOUND_V4,
    0x8d2f6a13, 0x0c4e, 0x4b7a, 0x9e, 0x51, 0x3a, 0x6c, 0x7d, 0x20, 0xb1, 0xf4);
// {8d2f6a14-0c4e-4b7a-9e51-3a6c7d20b1f4}
DEFINE_GUID(WI_CALLOUT_OUTBOUND_V6,
    0x8d2f6a14, 0x0c4e, 0x4b7a, 0x9e, 0x51, 0x3a, 0x6c, 0x7d, 0x20, 0xb1, 0xf4);
// {8d2f6a15-0c4e-4b7a-9e51-3a6c7d20b1f4}
DEFINE_GUID(WI_SUBLAYER,
    0x8d2f6a15, 0x0c4e, 0x4b7a, 0x9e, 0x51, 0x3a, 0x6c, 0x7d, 0x20, 0xb1, 0xf4);

/* g_Wi.Stage bits: what DriverEntry has set up so far */
#define WI_STAGE_DEVICE        0x01
#define WI_STAGE_INJECTION     0x02
#define WI_STAGE_CALLOUT_V4    0x04
#define WI_STAGE_CALLOUT_V6    0x08
#define WI_STAGE_ENGINE        0x10

typedef struct _WI_GLOBALS {
    PDEVICE_OBJECT  DeviceObject;
    HANDLE          EngineHandle;
    HANDLE          InjectionHandle;
    UINT32          CalloutIdV4;
    UINT32          CalloutIdV6;
    EX_RUNDOWN_REF  InjectionRundown;    /* one reference per in-flight injection */
    USHORT          InspectPort;
    ULONG           Stage;
    volatile LONG64 Reinjected;
    volatile LONG64 PassedThrough;
    volatile LONG64 InspectedPackets;
    volatile LONG64 PayloadBytes;
} WI_GLOBALS, *PWI_GLOBALS;

extern WI_GLOBALS g_Wi;

/* per-injection state, must live until the completion routine runs */
typedef struct _WI_INJECT_CONTEXT {
    UINT8                       RemoteAddress[16];
    FWPS_TRANSPORT_SEND_PARAMS  SendParams;
} WI_INJECT_CONTEXT, *PWI_INJECT_CONTEXT;

/* callouts.c */
NTSTATUS WiRegisterCallouts(_In_ PDEVICE_OBJECT DeviceObject);
NTSTATUS WiAddEngineObjects(VOID);

/* inject.c */
VOID NTAPI WiClassifyOutbound(
    _In_ const FWPS_INCOMING_VALUES *inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES *inMetaValues,
    _Inout_opt_ VOID *layerData,
    _In_opt_ const VOID *classifyContext,
    _In_ const FWPS_FILTER *filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT *classifyOut);

NTSTATUS NTAPI WiNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID *filterKey,
    _Inout_ FWPS_FILTER *filter);
