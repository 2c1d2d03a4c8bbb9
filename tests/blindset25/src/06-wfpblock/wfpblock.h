/*
 * wfpblock.h
 *
 * "Parental control" style port blocker: a WFP callout at
 * FWPM_LAYER_ALE_AUTH_CONNECT_V4 that refuses outgoing TCP/UDP connections
 * to a small list of remote ports (default: 6667 irc, 23 telnet, 4444).
 */
#pragma once

#include <ntddk.h>

#pragma warning(push)
#pragma warning(disable: 4201)   /* nameless struct/union in the WFP headers */
#define NDIS_SUPPORT_NDIS6 1
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)

#include <fwpmk.h>

#define WB_TAG            'kBfW'
#define WB_MAX_PORTS      16

#define WBLOG(fmt, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "wfpblock: " fmt "\n", __VA_ARGS__)

// {b4c7e1d2-5a93-4f08-8e6b-71d2c9a04f3e}
DEFINE_GUID(WFPBLOCK_CALLOUT_V4,
    0xb4c7e1d2, 0x5a93, 0x4f08, 0x8e, 0x6b, 0x71, 0xd2, 0xc9, 0xa0, 0x4f, 0x3e);

typedef struct _WB_GLOBALS {
    PDEVICE_OBJECT DeviceObject;
    HANDLE         EngineHandle;
    UINT32         CalloutId;        /* run-time id from FwpsCalloutRegister */
    UINT32         MgmtCalloutId;    /* id from FwpmCalloutAdd               */
    UINT64         FilterId;
    USHORT         BlockedPorts[WB_MAX_PORTS];
    ULONG          BlockedPortCount;
    volatile LONG  Blocked;
    volatile LONG  Allowed;
} WB_GLOBALS;

extern WB_GLOBALS g_Wb;

/* classify.c */
VOID NTAPI WbClassify(
    const FWPS_INCOMING_VALUES *inFixedValues,
    const FWPS_INCOMING_METADATA_VALUES *inMetaValues,
    VOID *layerData,
    const VOID *classifyContext,
    const FWPS_FILTER *filter,
    UINT64 flowContext,
    FWPS_CLASSIFY_OUT *classifyOut);

NTSTATUS NTAPI WbNotify(
    FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    const GUID *filterKey,
    FWPS_FILTER *filter);
