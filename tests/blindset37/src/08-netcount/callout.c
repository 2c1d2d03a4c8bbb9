/*
 * callout.c - ALE connect callout that just counts outbound IPv4 connections
 */
#include "netcount.h"

static void NTAPI
NcClassify(const FWPS_INCOMING_VALUES0 *inFixedValues,
           const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
           void *layerData,
           const void *classifyContext,
           const FWPS_FILTER1 *filter,
           UINT64 flowContext,
           FWPS_CLASSIFY_OUT0 *classifyOut)
{
    UINT8 proto;

    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    proto = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_PROTOCOL].value.uint8;

    InterlockedIncrement64(&g_Nc.Stats->Total);
    switch (proto) {
    case IPPROTO_TCP:   InterlockedIncrement64(&g_Nc.Stats->Tcp);   break;
    case IPPROTO_UDP:   InterlockedIncrement64(&g_Nc.Stats->Udp);   break;
    case IPPROTO_ICMP:  InterlockedIncrement64(&g_Nc.Stats->Icmp);  break;
    default:            InterlockedIncrement64(&g_Nc.Stats->Other); break;
    }

    /* inspection only, never decide */
    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

static NTSTATUS NTAPI
NcNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID *filterKey, FWPS_FILTER1 *filter)
{
    UNREFERENCED_PARAMETER(filterKey);

    if (notifyType == FWPS_CALLOUT_NOTIFY_ADD_FILTER) {
        NCLOG("filter %I64u attached", filter->filterId);
    } else if (notifyType == FWPS_CALLOUT_NOTIFY_DELETE_FILTER) {
        NCLOG("filter %I64u detached", filter->filterId);
    }
    return STATUS_SUCCESS;
}

static void NTAPI
NcFlowDelete(UINT16 layerId, UINT32 calloutId, UINT64 flowContext)
{
    UNREFERENCED_PARAMETER(layerId);
    UNREFERENCED_PARAMETER(calloutId);
    UNREFERENCED_PARAMETER(flowContext);
}

NTSTATUS
NcRegisterCallout(_In_ PDEVICE_OBJECT DeviceObject)
{
    FWPS_CALLOUT1 callout = { 0 };

    callout.calloutKey = NC_CALLOUT_KEY;
    callout.flags = 0;
    callout.classifyFn = NcClassify;
    callout.notifyFn = NcNotify;
    callout.flowDeleteFn = NcFlowDelete;

    return FwpsCalloutRegister1(DeviceObject, &callout, &g_Nc.CalloutId);
}

VOID
NcUnregisterCallout(VOID)
{
    NTSTATUS status;

    if (g_Nc.CalloutId == 0) {
        return;
    }
    status = FwpsCalloutUnregisterById(g_Nc.CalloutId);
    if (!NT_SUCCESS(status)) {
        NCLOG("FwpsCalloutUnregisterById 0x%08X", status);
    }
    g_Nc.CalloutId = 0;
}

NTSTATUS
NcAddFilters(VOID)
{
    FWPM_SUBLAYER0 sublayer = { 0 };
    FWPM_CALLOUT0 mCallout = { 0 };
    FWPM_FILTER0 filter = { 0 };
    BOOLEAN inTransaction = FALSE;
    NTSTATUS status;

    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, NULL, &g_Nc.Engine);
    if (!NT_SUCCESS(status)) {
        NCLOG("FwpmEngineOpen0 0x%08X", status);
        return status;
    }

    status = FwpmTransactionBegin0(g_Nc.Engine, 0);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }
    inTransaction = TRUE;

    sublayer.subLayerKey = NC_SUBLAYER_KEY;
    sublayer.displayData.name = L"NetCount sublayer";
    sublayer.weight = 0x100;
    status = FwpmSubLayerAdd0(g_Nc.Engine, &sublayer, NULL);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }

    mCallout.calloutKey = NC_CALLOUT_KEY;
    mCallout.displayData.name = L"NetCount connect callout";
    mCallout.applicableLayer = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    status = FwpmCalloutAdd0(g_Nc.Engine, &mCallout, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }

    filter.displayData.name = L"NetCount connect filter";
    filter.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    filter.subLayerKey = NC_SUBLAYER_KEY;
    filter.weight.type = FWP_EMPTY;
    filter.numFilterConditions = 0;       /* everything */
    filter.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    filter.action.calloutKey = NC_CALLOUT_KEY;
    status = FwpmFilterAdd0(g_Nc.Engine, &filter, NULL, &g_Nc.FilterId);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }

    status = FwpmTransactionCommit0(g_Nc.Engine);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }
    return STATUS_SUCCESS;

fail:
    NCLOG("NcAddFilters failed 0x%08X", status);
    if (inTransaction) {
        FwpmTransactionAbort0(g_Nc.Engine);
    }
    FwpmEngineClose0(g_Nc.Engine);
    g_Nc.Engine = NULL;
    return status;
}

VOID
NcRemoveFilters(VOID)
{
    if (g_Nc.Engine == NULL) {
        return;
    }
    FwpmFilterDeleteById0(g_Nc.Engine, g_Nc.FilterId);
    FwpmCalloutDeleteByKey0(g_Nc.Engine, &NC_CALLOUT_KEY);
    FwpmSubLayerDeleteByKey0(g_Nc.Engine, &NC_SUBLAYER_KEY);
    FwpmEngineClose0(g_Nc.Engine);
    g_Nc.Engine = NULL;
}
