/*
 * wfplog - WFP callout that records outbound IPv4 transport packets
 * (protocol, remote address, remote port) into a small ring and prints
 * a summary every few hundred packets. Purely passive, always permits.
 */
#pragma once

#include <ntddk.h>

#define NDIS630 1
#include <ndis.h>

#pragma warning(push)
#pragma warning(disable:4201)   /* nameless struct/union in fwp headers */
#include <fwpsk.h>
#pragma warning(pop)
#include <fwpmk.h>

#define WFPLOG_TAG        'golW'
#define WFPLOG_RING_SLOTS 1024
#define WFPLOG_PRINT_EVERY 500

#define WLOG(fmt, ...) DbgPrintEx(DPFLTR_IHVNETWORK_ID, DPFLTR_INFO_LEVEL, "wfplog: " fmt "\n", __VA_ARGS__)

/* {5c0d2b43-7f14-4b8e-9a1e-33a0c2f1d101} */
DEFINE_GUID(WFPLOG_CALLOUT_KEY,
    0x5c0d2b43, 0x7f14, 0x4b8e, 0x9a, 0x1e, 0x33, 0xa0, 0xc2, 0xf1, 0xd1, 0x01);
/* {5c0d2b43-7f14-4b8e-9a1e-33a0c2f1d102} */
DEFINE_GUID(WFPLOG_SUBLAYER_KEY,
    0x5c0d2b43, 0x7f14, 0x4b8e, 0x9a, 0x1e, 0x33, 0xa0, 0xc2, 0xf1, 0xd1, 0x02);

typedef struct _WFPLOG_SLOT {
    UINT32 RemoteAddress;
    UINT16 RemotePort;
    UINT8  Protocol;
    UINT8  Reserved;
    UINT64 ProcessId;
} WFPLOG_SLOT;

typedef struct _WFPLOG_STATE {
    PDEVICE_OBJECT Device;
    HANDLE         Engine;
    UINT32         CalloutId;
    UINT64         FilterId;
    WFPLOG_SLOT   *Ring;
    ULONG          Next;
    ULONG64        Total;
    KSPIN_LOCK     Lock;
} WFPLOG_STATE;

extern WFPLOG_STATE g_Wfp;

/* callout.c */
VOID NTAPI WfpLogClassify(
    const FWPS_INCOMING_VALUES *InFixedValues,
    const FWPS_INCOMING_METADATA_VALUES *InMetaValues,
    VOID *LayerData,
    const VOID *ClassifyContext,
    const FWPS_FILTER *Filter,
    UINT64 FlowContext,
    FWPS_CLASSIFY_OUT *ClassifyOut);

NTSTATUS NTAPI WfpLogNotify(
    FWPS_CALLOUT_NOTIFY_TYPE NotifyType,
    const GUID *FilterKey,
    FWPS_FILTER *Filter);

NTSTATUS WfpLogAddFilterObjects(_In_ HANDLE Engine);
