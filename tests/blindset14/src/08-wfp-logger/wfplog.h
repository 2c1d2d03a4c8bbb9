/*
 * wfplog.h - WfpLog: logs outbound IPv4 connects (ALE auth connect layer)
 */
#pragma once

#include <ntddk.h>

#pragma warning(push)
#pragma warning(disable: 4201)      /* nameless struct/union in the WFP headers */
#define NDIS630 1
#include <ndis.h>
#include <fwpsk.h>
#pragma warning(pop)

#include <fwpmk.h>

#define WFPLOG_TAG 'goLW'

/* what DriverEntry managed to set up; WfpCleanup() undoes exactly that */
#define WFP_F_DEVICE    0x00000001u
#define WFP_F_CALLOUT   0x00000002u     /* FwpsCalloutRegister */
#define WFP_F_ENGINE    0x00000004u     /* FwpmEngineOpen (dynamic session) */
#define WFP_F_ALL       (WFP_F_DEVICE | WFP_F_CALLOUT | WFP_F_ENGINE)

typedef struct _WFP_GLOBALS {
    PDEVICE_OBJECT  Device;
    HANDLE          Engine;
    UINT32          CalloutId;
    UINT64          FilterId;
    volatile LONG64 Connects;
} WFP_GLOBALS;

extern WFP_GLOBALS g_Wfp;

extern const GUID WFPLOG_CALLOUT_KEY;
extern const GUID WFPLOG_SUBLAYER_KEY;

/* callout.c */
void NTAPI WfpClassify(const FWPS_INCOMING_VALUES* inFixedValues,
                       const FWPS_INCOMING_METADATA_VALUES* inMetaValues,
                       void* layerData,
                       const void* classifyContext,
                       const FWPS_FILTER* filter,
                       UINT64 flowContext,
                       FWPS_CLASSIFY_OUT* classifyOut);

NTSTATUS NTAPI WfpNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID* filterKey, FWPS_FILTER* filter);

NTSTATUS WfpAddObjects(HANDLE Engine);
