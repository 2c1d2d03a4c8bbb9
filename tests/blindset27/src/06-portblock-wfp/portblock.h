/*
 * portblock.h - PortBlock: WFP callout that refuses inbound TCP
 *               connections on one configurable local port and logs
 *               who tried.
 */
#pragma once

#include <ntddk.h>

#pragma warning(push)
#pragma warning(disable:4201)   /* nameless struct/union in WFP headers */
#define NDIS630 1
#include <ndis.h>
#include <fwpsk.h>
#include <fwpmk.h>
#pragma warning(pop)

#define INITGUID
#include <guiddef.h>

#define PB_DEFAULT_PORT     4444
#define PB_PROTO_TCP        6

/* {5B0A8E36-1C9F-4B7E-A2D4-0F3E6C915D28} */
DEFINE_GUID(PB_CALLOUT_KEY,
    0x5b0a8e36, 0x1c9f, 0x4b7e, 0xa2, 0xd4, 0x0f, 0x3e, 0x6c, 0x91, 0x5d, 0x28);

/* {C47D2F10-6A3B-4E85-B9C1-7E2A0D4F8B63} */
DEFINE_GUID(PB_FILTER_KEY,
    0xc47d2f10, 0x6a3b, 0x4e85, 0xb9, 0xc1, 0x7e, 0x2a, 0x0d, 0x4f, 0x8b, 0x63);

typedef struct _PB_GLOBALS {
    PDEVICE_OBJECT WfpDevice;
    HANDLE         Engine;
    UINT32         CalloutId;
    UINT64         FilterId;
    UINT16         BlockedPort;
    volatile LONG  Refused;
} PB_GLOBALS;

extern PB_GLOBALS g_Pb;

void NTAPI
PbClassify(
    _In_ const FWPS_INCOMING_VALUES0 *InFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *InMetaValues,
    _Inout_opt_ void *LayerData,
    _In_ const FWPS_FILTER0 *Filter,
    _In_ UINT64 FlowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *ClassifyOut
    );

NTSTATUS NTAPI
PbNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE NotifyType,
    _In_ const GUID *FilterKey,
    _Inout_ const FWPS_FILTER0 *Filter
    );
