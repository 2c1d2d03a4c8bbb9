/* callout.c - classify logic and the BFE objects (callout, sublayer, filter) */
#include "wfpblock.h"

void NTAPI
WbClassify(const FWPS_INCOMING_VALUES0 *inFixedValues,
           const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
           void *layerData, const FWPS_FILTER0 *filter,
           UINT64 flowContext, FWPS_CLASSIFY_OUT0 *classifyOut)
{
    UINT16 remotePort;
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(flowContext);

    if (!(classifyOut->rights & FWPS_RIGHT_ACTION_WRITE)) {
        return;
    }

    remotePort = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;
    if (remotePort == WB_BLOCKED_PORT) {
        classifyOut->actionType = FWP_ACTION_BLOCK;
        classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        if (filter->flags & FWPS_FILTER_FLAG_CLEAR_ACTION_RIGHT) {
            classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        }
        InterlockedIncrement(&g_wb.Blocked);
        return;
    }
    classifyOut->actionType = FWP_ACTION_CONTINUE;
}

NTSTATUS NTAPI
WbNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID *filterKey, const FWPS_FILTER0 *filter)
{
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    WB_PRINT(("wfpblock: notify %d\n", notifyType));
    return STATUS_SUCCESS;
}

NTSTATUS
WbAddManagementObjects(void)
{
    NTSTATUS status;
    FWPM_SESSION0 session = {0};
    FWPM_CALLOUT0 callout = {0};
    FWPM_SUBLAYER0 sublayer = {0};
    FWPM_FILTER0 filter = {0};
    BOOLEAN inTx = FALSE;

    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_wb.Engine);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FwpmTransactionBegin0(g_wb.Engine, 0);
    if (!NT_SUCCESS(status)) goto out;
    inTx = TRUE;

    callout.calloutKey = WFPBLOCK_CALLOUT_V4;
    callout.displayData.name = L"wfpblock connect callout";
    callout.applicableLayer = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    status = FwpmCalloutAdd0(g_wb.Engine, &callout, NULL, &g_wb.MgmtCalloutId);
    if (!NT_SUCCESS(status)) goto out;

    sublayer.subLayerKey = WFPBLOCK_SUBLAYER;
    sublayer.displayData.name = L"wfpblock sublayer";
    sublayer.weight = 0x100;
    status = FwpmSubLayerAdd0(g_wb.Engine, &sublayer, NULL);
    if (!NT_SUCCESS(status)) goto out;

    filter.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    filter.subLayerKey = WFPBLOCK_SUBLAYER;
    filter.displayData.name = L"wfpblock filter";
    filter.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    filter.action.calloutKey = WFPBLOCK_CALLOUT_V4;
    filter.weight.type = FWP_EMPTY;
    filter.numFilterConditions = 0;
    status = FwpmFilterAdd0(g_wb.Engine, &filter, NULL, &g_wb.FilterId);
    if (!NT_SUCCESS(status)) goto out;

    status = FwpmTransactionCommit0(g_wb.Engine);
    inTx = FALSE;

out:
    if (inTx) {
        FwpmTransactionAbort0(g_wb.Engine);
    }
    return status;
}
