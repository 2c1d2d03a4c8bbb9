/*
 * engine.c - management (fwpm) side: sublayer, callout object, filter
 */
#include "wfpblock.h"

NTSTATUS
WbAddFilters(VOID)
{
    FWPM_SESSION0  session;
    FWPM_SUBLAYER0 subLayer;
    FWPM_CALLOUT0  mCallout;
    FWPM_FILTER0   filter;
    NTSTATUS status;

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;     /* objects die with the handle */

    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &gWb.EngineHandle);
    if (!NT_SUCCESS(status)) {
        gWb.EngineHandle = NULL;
        return status;
    }

    status = FwpmTransactionBegin0(gWb.EngineHandle, 0);
    if (!NT_SUCCESS(status)) {
        goto Close;
    }

    RtlZeroMemory(&subLayer, sizeof(subLayer));
    subLayer.subLayerKey             = WB_SUBLAYER;
    subLayer.displayData.name        = L"wfpblock sublayer";
    subLayer.displayData.description = L"Outbound port blocker";
    subLayer.weight                  = 0x100;

    status = FwpmSubLayerAdd0(gWb.EngineHandle, &subLayer, NULL);
    if (!NT_SUCCESS(status)) {
        goto Abort;
    }

    RtlZeroMemory(&mCallout, sizeof(mCallout));
    mCallout.calloutKey          = WB_CALLOUT_CONNECT_V4;
    mCallout.displayData.name    = L"wfpblock connect v4";
    mCallout.applicableLayer     = FWPM_LAYER_ALE_AUTH_CONNECT_V4;

    status = FwpmCalloutAdd0(gWb.EngineHandle, &mCallout, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        goto Abort;
    }

    RtlZeroMemory(&filter, sizeof(filter));
    filter.layerKey              = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    filter.subLayerKey           = WB_SUBLAYER;
    filter.displayData.name      = L"wfpblock connect filter";
    filter.action.type           = FWP_ACTION_CALLOUT_TERMINATING;
    filter.action.calloutKey     = WB_CALLOUT_CONNECT_V4;
    filter.weight.type           = FWP_EMPTY;
    filter.numFilterConditions   = 0;

    status = FwpmFilterAdd0(gWb.EngineHandle, &filter, NULL, &gWb.FilterId);
    if (!NT_SUCCESS(status)) {
        goto Abort;
    }

    status = FwpmTransactionCommit0(gWb.EngineHandle);
    if (!NT_SUCCESS(status)) {
        goto Close;
    }
    return STATUS_SUCCESS;

Abort:
    FwpmTransactionAbort0(gWb.EngineHandle);
Close:
    FwpmEngineClose0(gWb.EngineHandle);
    gWb.EngineHandle = NULL;
    return status;
}

VOID
WbRemoveFilters(VOID)
{
    if (gWb.EngineHandle == NULL) {
        return;
    }

    /*
     * Dynamic session: closing the handle deletes the filter, callout and
     * sublayer, explicit deletes just make it deterministic.
     */
    if (gWb.FilterId != 0) {
        FwpmFilterDeleteById0(gWb.EngineHandle, gWb.FilterId);
        gWb.FilterId = 0;
    }
    FwpmCalloutDeleteByKey0(gWb.EngineHandle, &WB_CALLOUT_CONNECT_V4);
    FwpmSubLayerDeleteByKey0(gWb.EngineHandle, &WB_SUBLAYER);

    FwpmEngineClose0(gWb.EngineHandle);
    gWb.EngineHandle = NULL;
}
