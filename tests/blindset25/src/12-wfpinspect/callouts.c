/*
 * callouts.c - run-time callout registration and the BFE objects
 *
 * Copyright (c) WfpInspect developers. MIT licensed.
 */
#include "wfpinspect.h"

#pragma alloc_text(INIT, WiRegisterCallouts)
#pragma alloc_text(INIT, WiAddEngineObjects)

_Use_decl_annotations_
NTSTATUS WiRegisterCallouts(PDEVICE_OBJECT DeviceObject)
{
    FWPS_CALLOUT sCallout;
    NTSTATUS status;

    RtlZeroMemory(&sCallout, sizeof(sCallout));
    sCallout.calloutKey = WI_CALLOUT_OUTBOUND_V4;
    sCallout.classifyFn = WiClassifyOutbound;
    sCallout.notifyFn = WiNotify;
    sCallout.flowDeleteFn = NULL;

    status = FwpsCalloutRegister(DeviceObject, &sCallout, &g_Wi.CalloutIdV4);
    if (!NT_SUCCESS(status)) {
        WI_ERROR("FwpsCalloutRegister(v4) failed 0x%08X", status);
        return status;
    }
    g_Wi.Stage |= WI_STAGE_CALLOUT_V4;

    sCallout.calloutKey = WI_CALLOUT_OUTBOUND_V6;
    status = FwpsCalloutRegister(DeviceObject, &sCallout, &g_Wi.CalloutIdV6);
    if (!NT_SUCCESS(status)) {
        WI_ERROR("FwpsCalloutRegister(v6) failed 0x%08X", status);
        return status;
    }
    g_Wi.Stage |= WI_STAGE_CALLOUT_V6;

    return STATUS_SUCCESS;
}

static NTSTATUS WiAddCalloutAndFilter(_In_ HANDLE Engine, _In_ const GUID *CalloutKey,
                                      _In_ const GUID *LayerKey, _In_ PWSTR Name)
{
    FWPM_CALLOUT mCallout;
    FWPM_FILTER filter;
    FWPM_FILTER_CONDITION condition;
    NTSTATUS status;

    RtlZeroMemory(&mCallout, sizeof(mCallout));
    mCallout.calloutKey = *CalloutKey;
    mCallout.displayData.name = Name;
    mCallout.displayData.description = L"WfpInspect clone/re-inject callout";
    mCallout.applicableLayer = *LayerKey;

    status = FwpmCalloutAdd(Engine, &mCallout, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        WI_ERROR("FwpmCalloutAdd(%ws) failed 0x%08X", Name, status);
        return status;
    }

    RtlZeroMemory(&condition, sizeof(condition));
    condition.fieldKey = FWPM_CONDITION_IP_REMOTE_PORT;
    condition.matchType = FWP_MATCH_EQUAL;
    condition.conditionValue.type = FWP_UINT16;
    condition.conditionValue.uint16 = g_Wi.InspectPort;

    RtlZeroMemory(&filter, sizeof(filter));
    filter.displayData.name = Name;
    filter.displayData.description = L"WfpInspect outbound filter";
    filter.layerKey = *LayerKey;
    filter.subLayerKey = WI_SUBLAYER;
    filter.weight.type = FWP_EMPTY;
    filter.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    filter.action.calloutKey = *CalloutKey;
    filter.numFilterConditions = 1;
    filter.filterCondition = &condition;

    status = FwpmFilterAdd(Engine, &filter, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        WI_ERROR("FwpmFilterAdd(%ws) failed 0x%08X", Name, status);
    }
    return status;
}

/*
 * Opens a dynamic session and adds sublayer, callouts and filters in one
 * transaction. On success the session handle is kept in g_Wi.EngineHandle;
 * closing it later removes every object added here. On failure nothing is
 * left behind.
 */
NTSTATUS WiAddEngineObjects(VOID)
{
    FWPM_SESSION session;
    FWPM_SUBLAYER subLayer;
    HANDLE engine = NULL;
    BOOLEAN inTransaction = FALSE;
    NTSTATUS status;

    RtlZeroMemory(&session, sizeof(session));
    session.displayData.name = L"WfpInspect session";
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    status = FwpmEngineOpen(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &engine);
    if (!NT_SUCCESS(status)) {
        WI_ERROR("FwpmEngineOpen failed 0x%08X", status);
        return status;
    }

    status = FwpmTransactionBegin(engine, 0);
    if (!NT_SUCCESS(status)) {
        WI_ERROR("FwpmTransactionBegin failed 0x%08X", status);
        goto Exit;
    }
    inTransaction = TRUE;

    RtlZeroMemory(&subLayer, sizeof(subLayer));
    subLayer.subLayerKey = WI_SUBLAYER;
    subLayer.displayData.name = L"WfpInspect sublayer";
    subLayer.weight = 0x100;

    status = FwpmSubLayerAdd(engine, &subLayer, NULL);
    if (!NT_SUCCESS(status)) {
        WI_ERROR("FwpmSubLayerAdd failed 0x%08X", status);
        goto Exit;
    }

    status = WiAddCalloutAndFilter(engine, &WI_CALLOUT_OUTBOUND_V4, &FWPM_LAYER_OUTBOUND_TRANSPORT_V4,
                                   L"WfpInspect outbound v4");
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    status = WiAddCalloutAndFilter(engine, &WI_CALLOUT_OUTBOUND_V6, &FWPM_LAYER_OUTBOUND_TRANSPORT_V6,
                                   L"WfpInspect outbound v6");
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    status = FwpmTransactionCommit(engine);
    if (!NT_SUCCESS(status)) {
        WI_ERROR("FwpmTransactionCommit failed 0x%08X", status);
        goto Exit;
    }
    inTransaction = FALSE;

    g_Wi.EngineHandle = engine;
    engine = NULL;
    g_Wi.Stage |= WI_STAGE_ENGINE;

Exit:
    if (inTransaction) {
        FwpmTransactionAbort(engine);
    }
    if (engine != NULL) {
        FwpmEngineClose(engine);
    }
    return status;
}
