/*
 * wfp.c - callout registration and the filtering objects of NetGuard.
 *
 * Everything goes into a dynamic session: closing the engine handle
 * deletes the sublayer, the callouts' management objects and the filters.
 * The runtime (FWPS) registrations are removed explicitly.
 */
#include "netguard.h"

static NTSTATUS
NgRegisterOneCallout(
    _In_ PDEVICE_OBJECT WdmDevice,
    _Inout_ PNG_CALLOUT_DESC Desc
    )
{
    FWPS_CALLOUT    sCallout;
    FWPM_CALLOUT    mCallout;
    FWPM_FILTER     filter;
    NTSTATUS        status;

    RtlZeroMemory(&sCallout, sizeof(sCallout));
    sCallout.calloutKey = *Desc->CalloutKey;
    sCallout.classifyFn = NgClassifyConnect;
    sCallout.notifyFn   = NgNotify;
    sCallout.flowDeleteFn = NULL;

    status = FwpsCalloutRegister(WdmDevice, &sCallout, &Desc->RuntimeId);
    if (!NT_SUCCESS(status)) {
        Desc->RuntimeId = 0;
        return status;
    }

    RtlZeroMemory(&mCallout, sizeof(mCallout));
    mCallout.calloutKey = *Desc->CalloutKey;
    mCallout.displayData.name = (wchar_t*)Desc->Name;
    mCallout.displayData.description = (wchar_t*)Desc->Name;
    mCallout.applicableLayer = *Desc->LayerKey;

    status = FwpmCalloutAdd(g_Ng.EngineHandle, &mCallout, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        return status;      /* caller unregisters the runtime callout */
    }

    RtlZeroMemory(&filter, sizeof(filter));
    filter.layerKey = *Desc->LayerKey;
    filter.subLayerKey = NG_SUBLAYER_KEY;
    filter.displayData.name = (wchar_t*)Desc->Name;
    filter.displayData.description = L"NetGuard port block filter";
    filter.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    filter.action.calloutKey = *Desc->CalloutKey;
    filter.weight.type = FWP_EMPTY;
    filter.numFilterConditions = 0;

    return FwpmFilterAdd(g_Ng.EngineHandle, &filter, NULL, NULL);
}

static VOID
NgUnregisterRuntimeCallouts(VOID)
{
    ULONG i;

    for (i = 0; i < NG_CALLOUT_COUNT; i++) {
        if (g_Ng.Callouts[i].RuntimeId != 0) {
            FwpsCalloutUnregisterById(g_Ng.Callouts[i].RuntimeId);
            g_Ng.Callouts[i].RuntimeId = 0;
        }
    }
}

NTSTATUS
NgWfpRegister(_In_ PDEVICE_OBJECT WdmDevice)
{
    FWPM_SESSION    session;
    FWPM_SUBLAYER   subLayer;
    NTSTATUS        status;
    BOOLEAN         inTransaction = FALSE;
    ULONG           i;

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    status = FwpmEngineOpen(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Ng.EngineHandle);
    if (!NT_SUCCESS(status)) {
        g_Ng.EngineHandle = NULL;
        return status;
    }

    status = FwpmTransactionBegin(g_Ng.EngineHandle, 0);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    inTransaction = TRUE;

    RtlZeroMemory(&subLayer, sizeof(subLayer));
    subLayer.subLayerKey = NG_SUBLAYER_KEY;
    subLayer.displayData.name = L"NetGuard sublayer";
    subLayer.displayData.description = L"Port block list";
    subLayer.weight = 0x100;

    status = FwpmSubLayerAdd(g_Ng.EngineHandle, &subLayer, NULL);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }

    for (i = 0; i < NG_CALLOUT_COUNT; i++) {
        status = NgRegisterOneCallout(WdmDevice, &g_Ng.Callouts[i]);
        if (!NT_SUCCESS(status)) {
            goto Exit;
        }
    }

    status = FwpmTransactionCommit(g_Ng.EngineHandle);
    if (NT_SUCCESS(status)) {
        inTransaction = FALSE;
    }

Exit:
    if (!NT_SUCCESS(status)) {
        if (inTransaction) {
            FwpmTransactionAbort(g_Ng.EngineHandle);
        }
        NgUnregisterRuntimeCallouts();
        FwpmEngineClose(g_Ng.EngineHandle);
        g_Ng.EngineHandle = NULL;
    }
    return status;
}

VOID
NgWfpUnregister(VOID)
{
    if (g_Ng.EngineHandle != NULL) {
        /* Dynamic session: filters, callouts and sublayer go with it. */
        FwpmEngineClose(g_Ng.EngineHandle);
        g_Ng.EngineHandle = NULL;
    }
    NgUnregisterRuntimeCallouts();
}
