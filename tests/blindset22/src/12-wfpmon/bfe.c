/*++

Module Name:

    bfe.c

Abstract:

    Management-side (BFE) objects of PortWarden.

    Everything is added inside one transaction of a dynamic session:
    either all objects are committed, or the transaction is aborted and the
    session closed, leaving nothing behind. Closing the session later removes
    all of them at once (FWPM_SESSION_FLAG_DYNAMIC).

Environment:

    Kernel mode

--*/

#include "wfpmon.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, PwBfeAddObjects)
#pragma alloc_text(PAGE, PwBfeClose)
#endif

#define PW_BFE_CHECK(_expr)                                                     \
    do {                                                                        \
        status = (_expr);                                                       \
        if (!NT_SUCCESS(status)) {                                              \
            PW_ERR("%s failed 0x%08X", #_expr, status);                         \
            goto Abort;                                                         \
        }                                                                       \
    } while (0)

static NTSTATUS
PwAddCallout(
    _In_ HANDLE Engine,
    _In_ const GUID *CalloutKey,
    _In_ const GUID *LayerKey,
    _In_z_ PWSTR Name
    )
{
    FWPM_CALLOUT0 callout;

    RtlZeroMemory(&callout, sizeof(callout));
    callout.calloutKey = *CalloutKey;
    callout.displayData.name = Name;
    callout.displayData.description = L"PortWarden outbound connect check";
    callout.providerKey = (GUID *)&PW_PROVIDER_KEY;
    callout.applicableLayer = *LayerKey;

    return FwpmCalloutAdd0(Engine, &callout, NULL, NULL);
}

static NTSTATUS
PwAddFilter(
    _In_ HANDLE Engine,
    _In_ const GUID *LayerKey,
    _In_ const GUID *CalloutKey,
    _In_z_ PWSTR Name,
    _Out_ UINT64 *FilterId
    )
{
    FWPM_FILTER0 filter;

    RtlZeroMemory(&filter, sizeof(filter));
    filter.displayData.name = Name;
    filter.displayData.description = L"Send outbound connects to PortWarden";
    filter.providerKey = (GUID *)&PW_PROVIDER_KEY;
    filter.layerKey = *LayerKey;
    filter.subLayerKey = PW_SUBLAYER_KEY;
    filter.weight.type = FWP_UINT8;
    filter.weight.uint8 = 0x8;
    filter.numFilterConditions = 0;             // every connect attempt
    filter.filterCondition = NULL;
    filter.action.type = FWP_ACTION_CALLOUT_UNKNOWN;
    filter.action.calloutKey = *CalloutKey;

    return FwpmFilterAdd0(Engine, &filter, NULL, FilterId);
}

_Use_decl_annotations_
NTSTATUS
PwBfeAddObjects(
    PPW_GLOBALS Globals
    )
{
    NTSTATUS status;
    FWPM_SESSION0 session;
    FWPM_PROVIDER0 provider;
    FWPM_SUBLAYER0 subLayer;
    BOOLEAN inTransaction = FALSE;

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    session.displayData.name = L"PortWarden session";

    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_DEFAULT, NULL, &session, &Globals->EngineHandle);
    if (!NT_SUCCESS(status)) {
        PW_ERR("FwpmEngineOpen0 0x%08X", status);
        Globals->EngineHandle = NULL;
        return status;
    }

    PW_BFE_CHECK(FwpmTransactionBegin0(Globals->EngineHandle, 0));
    inTransaction = TRUE;

    RtlZeroMemory(&provider, sizeof(provider));
    provider.providerKey = PW_PROVIDER_KEY;
    provider.displayData.name = L"PortWarden";
    provider.displayData.description = L"PortWarden outbound port blocker";
    PW_BFE_CHECK(FwpmProviderAdd0(Globals->EngineHandle, &provider, NULL));

    RtlZeroMemory(&subLayer, sizeof(subLayer));
    subLayer.subLayerKey = PW_SUBLAYER_KEY;
    subLayer.displayData.name = L"PortWarden sublayer";
    subLayer.providerKey = (GUID *)&PW_PROVIDER_KEY;
    subLayer.weight = 0x4000;
    PW_BFE_CHECK(FwpmSubLayerAdd0(Globals->EngineHandle, &subLayer, NULL));

    PW_BFE_CHECK(PwAddCallout(Globals->EngineHandle, &PW_CALLOUT_CONNECT_V4,
                              &FWPM_LAYER_ALE_AUTH_CONNECT_V4, L"PortWarden connect v4"));
    PW_BFE_CHECK(PwAddCallout(Globals->EngineHandle, &PW_CALLOUT_CONNECT_V6,
                              &FWPM_LAYER_ALE_AUTH_CONNECT_V6, L"PortWarden connect v6"));

    PW_BFE_CHECK(PwAddFilter(Globals->EngineHandle, &FWPM_LAYER_ALE_AUTH_CONNECT_V4,
                             &PW_CALLOUT_CONNECT_V4, L"PortWarden filter v4",
                             &Globals->FilterIdV4));
    PW_BFE_CHECK(PwAddFilter(Globals->EngineHandle, &FWPM_LAYER_ALE_AUTH_CONNECT_V6,
                             &PW_CALLOUT_CONNECT_V6, L"PortWarden filter v6",
                             &Globals->FilterIdV6));

    PW_BFE_CHECK(FwpmTransactionCommit0(Globals->EngineHandle));
    inTransaction = FALSE;

    return STATUS_SUCCESS;

Abort:
    if (inTransaction) {
        (VOID)FwpmTransactionAbort0(Globals->EngineHandle);
    }
    (VOID)FwpmEngineClose0(Globals->EngineHandle);
    Globals->EngineHandle = NULL;
    Globals->FilterIdV4 = 0;
    Globals->FilterIdV6 = 0;
    return status;
}

_Use_decl_annotations_
VOID
PwBfeClose(
    PPW_GLOBALS Globals
    )
{
    PAGED_CODE();

    //
    // Dynamic session: closing the handle deletes the filters first, then
    // the callouts, sublayer and provider we added.
    //
    if (Globals->EngineHandle != NULL) {
        (VOID)FwpmEngineClose0(Globals->EngineHandle);
        Globals->EngineHandle = NULL;
        Globals->FilterIdV4 = 0;
        Globals->FilterIdV6 = 0;
    }
}
