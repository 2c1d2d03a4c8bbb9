/*
 * bfe.c - management-side objects (provider, sublayer, callouts, filters)
 *
 * A dynamic session is used: when the engine handle is closed the base
 * filtering engine deletes every object added through it, so there is
 * no per-object delete on unload and nothing is left behind if the
 * driver crashes.
 */

#include "wfpredir.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, WrOpenEngine)
#pragma alloc_text(INIT, WrAddFilterObjects)
#pragma alloc_text(PAGE, WrCloseEngine)
#endif

#define WR_SUBLAYER_WEIGHT  0x8000

_Use_decl_annotations_
NTSTATUS
WrOpenEngine(
    PWR_CONTEXT Ctx
    )
{
    FWPM_SESSION session;

    PAGED_CODE();

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    session.displayData.name = L"wfpredir dynamic session";

    return FwpmEngineOpen(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &Ctx->EngineHandle);
}

_Use_decl_annotations_
VOID
WrCloseEngine(
    PWR_CONTEXT Ctx
    )
{
    PAGED_CODE();

    if (Ctx->EngineHandle != NULL) {
        FwpmEngineClose(Ctx->EngineHandle);
        Ctx->EngineHandle = NULL;
    }
}

static
NTSTATUS
WrAddCallout(
    _In_ HANDLE Engine,
    _In_ const GUID *CalloutKey,
    _In_ const GUID *LayerKey,
    _In_z_ PWSTR Name
    )
{
    FWPM_CALLOUT callout;

    RtlZeroMemory(&callout, sizeof(callout));
    callout.calloutKey = *CalloutKey;
    callout.displayData.name = Name;
    callout.displayData.description = L"Redirects matching TCP connects to a local proxy";
    callout.providerKey = (GUID *)&WFPREDIR_PROVIDER_KEY;
    callout.applicableLayer = *LayerKey;

    return FwpmCalloutAdd(Engine, &callout, NULL, NULL);
}

static
NTSTATUS
WrAddFilter(
    _In_ HANDLE Engine,
    _In_ const GUID *LayerKey,
    _In_ const GUID *CalloutKey,
    _In_ USHORT RemotePort,
    _In_z_ PWSTR Name
    )
{
    FWPM_FILTER filter;
    FWPM_FILTER_CONDITION conditions[2];

    RtlZeroMemory(&filter, sizeof(filter));
    RtlZeroMemory(conditions, sizeof(conditions));

    conditions[0].fieldKey = FWPM_CONDITION_IP_REMOTE_PORT;
    conditions[0].matchType = FWP_MATCH_EQUAL;
    conditions[0].conditionValue.type = FWP_UINT16;
    conditions[0].conditionValue.uint16 = RemotePort;

    conditions[1].fieldKey = FWPM_CONDITION_IP_PROTOCOL;
    conditions[1].matchType = FWP_MATCH_EQUAL;
    conditions[1].conditionValue.type = FWP_UINT8;
    conditions[1].conditionValue.uint8 = IPPROTO_TCP;

    filter.layerKey = *LayerKey;
    filter.subLayerKey = WFPREDIR_SUBLAYER_KEY;
    filter.displayData.name = Name;
    filter.providerKey = (GUID *)&WFPREDIR_PROVIDER_KEY;
    filter.weight.type = FWP_EMPTY;                 // auto-weight
    filter.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    filter.action.calloutKey = *CalloutKey;
    filter.filterCondition = conditions;
    filter.numFilterConditions = RTL_NUMBER_OF(conditions);

    return FwpmFilterAdd(Engine, &filter, NULL, NULL);
}

_Use_decl_annotations_
NTSTATUS
WrAddFilterObjects(
    PWR_CONTEXT Ctx
    )
{
    FWPM_PROVIDER provider;
    FWPM_SUBLAYER sublayer;
    NTSTATUS status;
    BOOLEAN inTransaction = FALSE;

    PAGED_CODE();

    do {
        status = FwpmTransactionBegin(Ctx->EngineHandle, 0);
        WR_BREAK_ON_FAIL(status, "FwpmTransactionBegin");
        inTransaction = TRUE;

        RtlZeroMemory(&provider, sizeof(provider));
        provider.providerKey = WFPREDIR_PROVIDER_KEY;
        provider.displayData.name = L"wfpredir";
        provider.displayData.description = L"wfpredir connect redirection";
        status = FwpmProviderAdd(Ctx->EngineHandle, &provider, NULL);
        WR_BREAK_ON_FAIL(status, "FwpmProviderAdd");

        RtlZeroMemory(&sublayer, sizeof(sublayer));
        sublayer.subLayerKey = WFPREDIR_SUBLAYER_KEY;
        sublayer.displayData.name = L"wfpredir sublayer";
        sublayer.providerKey = (GUID *)&WFPREDIR_PROVIDER_KEY;
        sublayer.weight = WR_SUBLAYER_WEIGHT;
        status = FwpmSubLayerAdd(Ctx->EngineHandle, &sublayer, NULL);
        WR_BREAK_ON_FAIL(status, "FwpmSubLayerAdd");

        status = WrAddCallout(Ctx->EngineHandle, &WFPREDIR_CALLOUT_V4_KEY,
                              &FWPM_LAYER_ALE_CONNECT_REDIRECT_V4, L"wfpredir connect redirect v4");
        WR_BREAK_ON_FAIL(status, "FwpmCalloutAdd(v4)");

        status = WrAddFilter(Ctx->EngineHandle, &FWPM_LAYER_ALE_CONNECT_REDIRECT_V4,
                             &WFPREDIR_CALLOUT_V4_KEY, Ctx->Config.MatchRemotePort,
                             L"wfpredir redirect v4");
        WR_BREAK_ON_FAIL(status, "FwpmFilterAdd(v4)");

        if (Ctx->State & WR_STATE_CALLOUT_V6) {
            status = WrAddCallout(Ctx->EngineHandle, &WFPREDIR_CALLOUT_V6_KEY,
                                  &FWPM_LAYER_ALE_CONNECT_REDIRECT_V6, L"wfpredir connect redirect v6");
            WR_BREAK_ON_FAIL(status, "FwpmCalloutAdd(v6)");

            status = WrAddFilter(Ctx->EngineHandle, &FWPM_LAYER_ALE_CONNECT_REDIRECT_V6,
                                 &WFPREDIR_CALLOUT_V6_KEY, Ctx->Config.MatchRemotePort,
                                 L"wfpredir redirect v6");
            WR_BREAK_ON_FAIL(status, "FwpmFilterAdd(v6)");
        }

        status = FwpmTransactionCommit(Ctx->EngineHandle);
        WR_BREAK_ON_FAIL(status, "FwpmTransactionCommit");
        inTransaction = FALSE;

    } while (0);

    if (inTransaction) {
        //
        // Commit was not reached (or failed before the engine took it);
        // nothing of this transaction becomes visible.
        //
        FwpmTransactionAbort(Ctx->EngineHandle);
    }

    return status;
}
