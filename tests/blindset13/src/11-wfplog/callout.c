/*
 * callout.c - classify/notify functions and the code that registers the two
 * callouts (IPv4 and IPv6 ALE connect) with the filter engine.
 */
#include "wfplog.h"

UINT32 g_CalloutIdV4;
UINT32 g_CalloutIdV6;

static void NTAPI WlClassify(
    const FWPS_INCOMING_VALUES *inFixedValues,
    const FWPS_INCOMING_METADATA_VALUES *inMetaValues,
    void *layerData,
    const void *classifyContext,
    const FWPS_FILTER *filter,
    UINT64 flowContext,
    FWPS_CLASSIFY_OUT *classifyOut)
{
    UINT16 port;
    UINT8 proto;
    UINT64 pid = 0;

    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if (FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_PROCESS_ID)) {
        pid = inMetaValues->processId;
    }

    if (inFixedValues->layerId == FWPS_LAYER_ALE_AUTH_CONNECT_V4) {
        UINT32 addr = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_ADDRESS].value.uint32;
        port = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;
        proto = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_PROTOCOL].value.uint8;
        WL_PRINT("v4 pid %I64u -> %u.%u.%u.%u:%u proto %u", pid,
                 (addr >> 24) & 0xFF, (addr >> 16) & 0xFF, (addr >> 8) & 0xFF, addr & 0xFF, port, proto);
    } else {
        port = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V6_IP_REMOTE_PORT].value.uint16;
        proto = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V6_IP_PROTOCOL].value.uint8;
        WL_PRINT("v6 pid %I64u -> port %u proto %u", pid, port, proto);
    }

    /* log only: never take a decision away from other filters */
    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

static NTSTATUS NTAPI WlNotify(
    FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    const GUID *filterKey,
    FWPS_FILTER *filter)
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

typedef struct _WL_CALLOUT_DEF {
    const GUID *CalloutKey;
    const GUID *LayerKey;
    UINT32     *RuntimeId;
    wchar_t    *Name;
} WL_CALLOUT_DEF;

static WL_CALLOUT_DEF g_Defs[] = {
    { &WFPLOG_CALLOUT_V4_KEY, &FWPM_LAYER_ALE_AUTH_CONNECT_V4, &g_CalloutIdV4, L"wfplog connect v4" },
    { &WFPLOG_CALLOUT_V6_KEY, &FWPM_LAYER_ALE_AUTH_CONNECT_V6, &g_CalloutIdV6, L"wfplog connect v6" },
};

NTSTATUS WlRegisterCallouts(PDEVICE_OBJECT DeviceObject)
{
    FWPS_CALLOUT sCallout;
    ULONG i;
    NTSTATUS status = STATUS_SUCCESS;

    for (i = 0; i < ARRAYSIZE(g_Defs); i++) {
        RtlZeroMemory(&sCallout, sizeof(sCallout));
        sCallout.calloutKey = *g_Defs[i].CalloutKey;
        sCallout.classifyFn = WlClassify;
        sCallout.notifyFn = WlNotify;

        status = FwpsCalloutRegister(DeviceObject, &sCallout, g_Defs[i].RuntimeId);
        if (!NT_SUCCESS(status)) {
            WL_PRINT("FwpsCalloutRegister #%lu: 0x%08X", i, status);
            break;
        }
    }

    if (!NT_SUCCESS(status)) {
        /* take back the ones that did register */
        while (i-- > 0) {
            FwpsCalloutUnregisterById(*g_Defs[i].RuntimeId);
            *g_Defs[i].RuntimeId = 0;
        }
    }
    return status;
}

NTSTATUS WlAddFilters(HANDLE Engine)
{
    FWPM_SUBLAYER0 subLayer;
    FWPM_CALLOUT0 mCallout;
    FWPM_FILTER0 filter;
    ULONG i;
    NTSTATUS status;

    status = FwpmTransactionBegin0(Engine, 0);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&subLayer, sizeof(subLayer));
    subLayer.subLayerKey = WFPLOG_SUBLAYER_KEY;
    subLayer.displayData.name = L"wfplog sublayer";
    subLayer.weight = 0x100;
    status = FwpmSubLayerAdd0(Engine, &subLayer, NULL);
    if (!NT_SUCCESS(status)) {
        goto abort;
    }

    for (i = 0; i < ARRAYSIZE(g_Defs); i++) {
        RtlZeroMemory(&mCallout, sizeof(mCallout));
        mCallout.calloutKey = *g_Defs[i].CalloutKey;
        mCallout.displayData.name = g_Defs[i].Name;
        mCallout.applicableLayer = *g_Defs[i].LayerKey;
        status = FwpmCalloutAdd0(Engine, &mCallout, NULL, NULL);
        if (!NT_SUCCESS(status)) {
            goto abort;
        }

        RtlZeroMemory(&filter, sizeof(filter));
        filter.layerKey = *g_Defs[i].LayerKey;
        filter.subLayerKey = WFPLOG_SUBLAYER_KEY;
        filter.displayData.name = g_Defs[i].Name;
        filter.action.type = FWP_ACTION_CALLOUT_INSPECTION;
        filter.action.calloutKey = *g_Defs[i].CalloutKey;
        filter.weight.type = FWP_EMPTY;
        status = FwpmFilterAdd0(Engine, &filter, NULL, NULL);
        if (!NT_SUCCESS(status)) {
            goto abort;
        }
    }

    return FwpmTransactionCommit0(Engine);

abort:
    WL_PRINT("adding filter objects failed 0x%08X", status);
    FwpmTransactionAbort0(Engine);
    return status;
}
