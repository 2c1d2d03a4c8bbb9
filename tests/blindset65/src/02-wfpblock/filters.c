//
// filters.c - management side: dynamic session, sublayer, callouts, filters.
// Everything is added in one transaction inside a dynamic session so closing
// the engine handle removes it all again.
//
#include "wfpblock.h"

static NTSTATUS
WbAddCalloutObject(
    _In_ const GUID* CalloutKey,
    _In_ const GUID* LayerKey,
    _In_ PWSTR       Name
    )
{
    FWPM_CALLOUT0 mc;

    RtlZeroMemory(&mc, sizeof(mc));
    mc.calloutKey              = *CalloutKey;
    mc.displayData.name        = Name;
    mc.displayData.description = L"wfpblock callout";
    mc.applicableLayer         = *LayerKey;

    return FwpmCalloutAdd0(Wb.EngineHandle, &mc, NULL, NULL);
}

static NTSTATUS
WbAddFilterObject(
    _In_ const GUID* LayerKey,
    _In_ const GUID* CalloutKey,
    _In_ PWSTR       Name,
    _Out_ UINT64*    FilterId
    )
{
    FWPM_FILTER0 f;

    RtlZeroMemory(&f, sizeof(f));
    f.displayData.name  = Name;
    f.layerKey          = *LayerKey;
    f.subLayerKey       = WB_SUBLAYER;
    f.weight.type       = FWP_EMPTY;        // let BFE pick
    f.numFilterConditions = 0;
    f.filterCondition   = NULL;
    f.action.type       = FWP_ACTION_CALLOUT_TERMINATING;
    f.action.calloutKey = *CalloutKey;

    return FwpmFilterAdd0(Wb.EngineHandle, &f, NULL, FilterId);
}

NTSTATUS
WbAddFilters(VOID)
{
    NTSTATUS status;
    FWPM_SESSION0 session;
    FWPM_SUBLAYER0 sub;
    BOOLEAN inTxn = FALSE;

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &Wb.EngineHandle);
    if (!NT_SUCCESS(status)) {
        WbErr("FwpmEngineOpen0 0x%08X", status);
        Wb.EngineHandle = NULL;
        return status;
    }

    status = FwpmTransactionBegin0(Wb.EngineHandle, 0);
    if (!NT_SUCCESS(status)) {
        WbErr("FwpmTransactionBegin0 0x%08X", status);
        goto fail;
    }
    inTxn = TRUE;

    RtlZeroMemory(&sub, sizeof(sub));
    sub.subLayerKey             = WB_SUBLAYER;
    sub.displayData.name        = L"wfpblock sublayer";
    sub.displayData.description = L"port blocker";
    sub.flags                   = 0;
    sub.weight                  = 0x100;

    status = FwpmSubLayerAdd0(Wb.EngineHandle, &sub, NULL);
    if (!NT_SUCCESS(status)) {
        WbErr("FwpmSubLayerAdd0 0x%08X", status);
        goto fail;
    }

    status = WbAddCalloutObject(&WB_CALLOUT_CONNECT_V4, &FWPM_LAYER_ALE_AUTH_CONNECT_V4,
                                L"wfpblock connect v4");
    if (!NT_SUCCESS(status)) goto fail;

    status = WbAddCalloutObject(&WB_CALLOUT_ACCEPT_V4, &FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4,
                                L"wfpblock accept v4");
    if (!NT_SUCCESS(status)) goto fail;

    status = WbAddFilterObject(&FWPM_LAYER_ALE_AUTH_CONNECT_V4, &WB_CALLOUT_CONNECT_V4,
                               L"wfpblock connect filter", &Wb.ConnectFilterId);
    if (!NT_SUCCESS(status)) goto fail;

    status = WbAddFilterObject(&FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4, &WB_CALLOUT_ACCEPT_V4,
                               L"wfpblock accept filter", &Wb.AcceptFilterId);
    if (!NT_SUCCESS(status)) goto fail;

    status = FwpmTransactionCommit0(Wb.EngineHandle);
    if (!NT_SUCCESS(status)) {
        WbErr("FwpmTransactionCommit0 0x%08X", status);
        goto fail;
    }

    WbInfo("filters %I64u / %I64u in place", Wb.ConnectFilterId, Wb.AcceptFilterId);
    return STATUS_SUCCESS;

fail:
    if (inTxn) {
        FwpmTransactionAbort0(Wb.EngineHandle);
    }
    FwpmEngineClose0(Wb.EngineHandle);
    Wb.EngineHandle = NULL;
    return status;
}

VOID
WbRemoveFilters(VOID)
{
    // dynamic session: closing the engine drops filters, callouts and sublayer
    if (Wb.EngineHandle != NULL) {
        FwpmEngineClose0(Wb.EngineHandle);
        Wb.EngineHandle = NULL;
    }
}
