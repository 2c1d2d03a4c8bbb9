/*
 * engine.c - BFE objects: sublayer, callouts and filters, added in one
 * transaction on a dynamic session (they go away with the engine handle).
 */
#include "wfpscan.h"

static NTSTATUS
WsAddCallout(
    _In_ const GUID *CalloutKey,
    _In_ const GUID *LayerKey,
    _In_ PWSTR Name
    )
{
    FWPM_CALLOUT0 callout;

    RtlZeroMemory(&callout, sizeof(callout));
    callout.calloutKey = *CalloutKey;
    callout.displayData.name = Name;
    callout.displayData.description = Name;
    callout.applicableLayer = *LayerKey;

    return FwpmCalloutAdd0(g_Ws.EngineHandle, &callout, NULL, NULL);
}

static NTSTATUS
WsAddFilter(
    _In_ const GUID *LayerKey,
    _In_ const GUID *CalloutKey,
    _In_ PWSTR Name,
    _In_ FWP_ACTION_TYPE ActionType,
    _Out_ UINT64 *FilterId
    )
{
    FWPM_FILTER0 filter;
    FWPM_FILTER_CONDITION0 condition;

    RtlZeroMemory(&filter, sizeof(filter));
    RtlZeroMemory(&condition, sizeof(condition));

    condition.fieldKey = FWPM_CONDITION_IP_PROTOCOL;
    condition.matchType = FWP_MATCH_EQUAL;
    condition.conditionValue.type = FWP_UINT8;
    condition.conditionValue.uint8 = IPPROTO_TCP;

    filter.layerKey = *LayerKey;
    filter.subLayerKey = WS_SUBLAYER_KEY;
    filter.displayData.name = Name;
    filter.displayData.description = Name;
    filter.action.type = ActionType;
    filter.action.calloutKey = *CalloutKey;
    filter.weight.type = FWP_EMPTY;

    if (IsEqualGUID(LayerKey, &FWPM_LAYER_ALE_FLOW_ESTABLISHED_V4)) {
        filter.numFilterConditions = 1;
        filter.filterCondition = &condition;
    }

    return FwpmFilterAdd0(g_Ws.EngineHandle, &filter, NULL, FilterId);
}

NTSTATUS
WsAddFilters(
    VOID
    )
{
    FWPM_SESSION0 session;
    FWPM_SUBLAYER0 sublayer;
    NTSTATUS status;

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Ws.EngineHandle);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FwpmTransactionBegin0(g_Ws.EngineHandle, 0);
    if (!NT_SUCCESS(status)) {
        goto close_engine;
    }

    RtlZeroMemory(&sublayer, sizeof(sublayer));
    sublayer.subLayerKey = WS_SUBLAYER_KEY;
    sublayer.displayData.name = L"WfpScan sublayer";
    sublayer.displayData.description = L"Cleartext credential inspection";
    sublayer.weight = 0x100;

    status = FwpmSubLayerAdd0(g_Ws.EngineHandle, &sublayer, NULL);
    if (!NT_SUCCESS(status)) {
        goto abort;
    }

    status = WsAddCallout(&WS_CALLOUT_FLOW_ESTABLISHED_V4, &FWPM_LAYER_ALE_FLOW_ESTABLISHED_V4,
                          L"WfpScan flow established");
    if (!NT_SUCCESS(status)) {
        goto abort;
    }

    status = WsAddCallout(&WS_CALLOUT_STREAM_V4, &FWPM_LAYER_STREAM_V4, L"WfpScan stream");
    if (!NT_SUCCESS(status)) {
        goto abort;
    }

    status = WsAddFilter(&FWPM_LAYER_ALE_FLOW_ESTABLISHED_V4, &WS_CALLOUT_FLOW_ESTABLISHED_V4,
                         L"WfpScan flow filter", FWP_ACTION_CALLOUT_INSPECTION, &g_Ws.FlowFilterId);
    if (!NT_SUCCESS(status)) {
        goto abort;
    }

    status = WsAddFilter(&FWPM_LAYER_STREAM_V4, &WS_CALLOUT_STREAM_V4,
                         L"WfpScan stream filter", FWP_ACTION_CALLOUT_TERMINATING, &g_Ws.StreamFilterId);
    if (!NT_SUCCESS(status)) {
        goto abort;
    }

    status = FwpmTransactionCommit0(g_Ws.EngineHandle);
    if (!NT_SUCCESS(status)) {
        goto close_engine;
    }

    return STATUS_SUCCESS;

abort:
    FwpmTransactionAbort0(g_Ws.EngineHandle);
close_engine:
    FwpmEngineClose0(g_Ws.EngineHandle);
    g_Ws.EngineHandle = NULL;
    return status;
}
