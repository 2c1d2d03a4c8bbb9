/*
 * bfe.c - management side. Everything lives in a dynamic session, so
 * closing the engine handle removes the sublayer, callouts and filters.
 */
#define INITGUID
#include <guiddef.h>
#include "portwall.h"

#define PW_SUBLAYER_WEIGHT  0x4000

static NTSTATUS
PwAddSubLayer(
    VOID
    )
{
    FWPM_SUBLAYER0 sl;

    RtlZeroMemory(&sl, sizeof(sl));
    sl.subLayerKey = PW_SUBLAYER_KEY;
    sl.displayData.name = L"portwall sublayer";
    sl.displayData.description = L"portwall outbound port blocks";
    sl.flags = 0;
    sl.weight = PW_SUBLAYER_WEIGHT;

    return FwpmSubLayerAdd0(Globals.EngineHandle, &sl, NULL);
}

static NTSTATUS
PwAddCalloutAndFilter(
    _In_ const GUID *CalloutKey,
    _In_ const GUID *LayerKey,
    _In_ PWSTR Name,
    _Out_ UINT64 *FilterId
    )
{
    NTSTATUS        status;
    FWPM_CALLOUT0   mc;
    FWPM_FILTER0    f;
    FWPM_FILTER_CONDITION0 cond[1];

    RtlZeroMemory(&mc, sizeof(mc));
    mc.calloutKey = *CalloutKey;
    mc.displayData.name = Name;
    mc.displayData.description = Name;
    mc.applicableLayer = *LayerKey;

    status = FwpmCalloutAdd0(Globals.EngineHandle, &mc, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    /* only TCP; UDP "connects" are left alone */
    cond[0].fieldKey = FWPM_CONDITION_IP_PROTOCOL;
    cond[0].matchType = FWP_MATCH_EQUAL;
    cond[0].conditionValue.type = FWP_UINT8;
    cond[0].conditionValue.uint8 = IPPROTO_TCP;

    RtlZeroMemory(&f, sizeof(f));
    f.layerKey = *LayerKey;
    f.subLayerKey = PW_SUBLAYER_KEY;
    f.displayData.name = Name;
    f.displayData.description = Name;
    f.action.type = FWP_ACTION_CALLOUT_TERMINATING;
    f.action.calloutKey = *CalloutKey;
    f.weight.type = FWP_EMPTY;
    f.numFilterConditions = ARRAYSIZE(cond);
    f.filterCondition = cond;

    return FwpmFilterAdd0(Globals.EngineHandle, &f, NULL, FilterId);
}

NTSTATUS
PwBfeInit(
    VOID
    )
{
    NTSTATUS        status = STATUS_UNSUCCESSFUL;
    FWPM_SESSION0   session;
    BOOLEAN         inTransaction = FALSE;

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    session.displayData.name = L"portwall";

    __try {
        status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &Globals.EngineHandle);
        if (!NT_SUCCESS(status)) {
            Globals.EngineHandle = NULL;
            __leave;
        }

        status = FwpmTransactionBegin0(Globals.EngineHandle, 0);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        inTransaction = TRUE;

        status = PwAddSubLayer();
        if (!NT_SUCCESS(status)) {
            __leave;
        }

        status = PwAddCalloutAndFilter(&PW_CALLOUT_V4_KEY,
                                       &FWPM_LAYER_ALE_AUTH_CONNECT_V4,
                                       L"portwall connect v4",
                                       &Globals.FilterIdV4);
        if (!NT_SUCCESS(status)) {
            __leave;
        }

        status = PwAddCalloutAndFilter(&PW_CALLOUT_V6_KEY,
                                       &FWPM_LAYER_ALE_AUTH_CONNECT_V6,
                                       L"portwall connect v6",
                                       &Globals.FilterIdV6);
        if (!NT_SUCCESS(status)) {
            __leave;
        }

        status = FwpmTransactionCommit0(Globals.EngineHandle);
        if (!NT_SUCCESS(status)) {
            __leave;
        }
        inTransaction = FALSE;
    }
    __finally {
        if (!NT_SUCCESS(status)) {
            if (inTransaction) {
                FwpmTransactionAbort0(Globals.EngineHandle);
            }
            if (Globals.EngineHandle != NULL) {
                FwpmEngineClose0(Globals.EngineHandle);
                Globals.EngineHandle = NULL;
            }
        }
    }

    return status;
}

VOID
PwBfeUninit(
    VOID
    )
{
    if (Globals.EngineHandle != NULL) {
        /* dynamic session: close drops filters, callouts and sublayer */
        FwpmEngineClose0(Globals.EngineHandle);
        Globals.EngineHandle = NULL;
    }
}
