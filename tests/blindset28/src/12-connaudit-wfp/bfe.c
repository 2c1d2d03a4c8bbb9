/*
 * ConnAudit - base filtering engine objects (sublayer, callouts, filters),
 * all added in one transaction on a dynamic session.
 */
#include "connaudit.h"

static NTSTATUS
CaAddSublayer(
    _In_ HANDLE Engine
    )
{
    FWPM_SUBLAYER0 sublayer;

    RtlZeroMemory(&sublayer, sizeof(sublayer));
    sublayer.subLayerKey = CA_SUBLAYER_KEY;
    sublayer.displayData.name = L"ConnAudit sublayer";
    sublayer.displayData.description = L"Inspection-only connection auditing";
    sublayer.flags = 0;
    sublayer.weight = 0x100;

    return FwpmSubLayerAdd0(Engine, &sublayer, NULL);
}

static NTSTATUS
CaAddCalloutAndFilter(
    _In_ HANDLE Engine,
    _Inout_ PCA_CALLOUT_DESC Desc,
    _In_ ULONG Index
    )
{
    FWPM_CALLOUT0 callout;
    FWPM_FILTER0 filter;
    NTSTATUS status;

    RtlZeroMemory(&callout, sizeof(callout));
    callout.calloutKey = *Desc->CalloutKey;
    callout.displayData.name = (wchar_t *)Desc->Name;
    callout.applicableLayer = *Desc->LayerKey;

    status = FwpmCalloutAdd0(Engine, &callout, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&filter, sizeof(filter));
    filter.layerKey = *Desc->LayerKey;
    filter.subLayerKey = CA_SUBLAYER_KEY;
    filter.displayData.name = (wchar_t *)Desc->Name;
    filter.weight.type = FWP_EMPTY;
    filter.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    filter.action.calloutKey = *Desc->CalloutKey;
    filter.numFilterConditions = 0;
    filter.filterCondition = NULL;
    filter.rawContext = Index;

    return FwpmFilterAdd0(Engine, &filter, NULL, &Desc->FilterId);
}

NTSTATUS
CaInstallFilters(
    _Out_ HANDLE *EngineHandle
    )
{
    FWPM_SESSION0 session;
    HANDLE engine = NULL;
    BOOLEAN inTransaction = FALSE;
    NTSTATUS status;
    ULONG i;

    *EngineHandle = NULL;

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    session.displayData.name = L"ConnAudit";

    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &engine);
    if (!NT_SUCCESS(status)) {
        KdPrint(("ConnAudit: FwpmEngineOpen0 0x%08X\n", status));
        return status;
    }

    status = FwpmTransactionBegin0(engine, 0);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }
    inTransaction = TRUE;

    status = CaAddSublayer(engine);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }

    for (i = 0; i < CA_CALLOUT_COUNT; i++) {
        status = CaAddCalloutAndFilter(engine, &g_CaCallouts[i], i);
        if (!NT_SUCCESS(status)) {
            goto Cleanup;
        }
    }

    status = FwpmTransactionCommit0(engine);
    inTransaction = FALSE;
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }

    // success: ownership of the engine handle passes to the caller
    *EngineHandle = engine;
    engine = NULL;

Cleanup:
    if (!NT_SUCCESS(status)) {
        KdPrint(("ConnAudit: installing BFE objects failed 0x%08X\n", status));
    }
    if (inTransaction) {
        (VOID)FwpmTransactionAbort0(engine);
    }
    if (engine != NULL) {
        FwpmEngineClose0(engine);
    }
    return status;
}
