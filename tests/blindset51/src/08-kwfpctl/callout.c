/*
 * callout.c - ALE_AUTH_RECV_ACCEPT_V4 callout and its BFE objects
 */
#define INITGUID
#include <guiddef.h>
#include "kwfpctl.h"

/* {A4D2B7C1-6E3F-4A90-8D15-3C7B0E9F21D6} */
DEFINE_GUID(KWFP_CALLOUT_RECV_V4,
    0xa4d2b7c1, 0x6e3f, 0x4a90, 0x8d, 0x15, 0x3c, 0x7b, 0x0e, 0x9f, 0x21, 0xd6);
/* {5F81C3E2-0B7A-4D6C-9E48-A12D6F3B5C07} */
DEFINE_GUID(KWFP_SUBLAYER,
    0x5f81c3e2, 0x0b7a, 0x4d6c, 0x9e, 0x48, 0xa1, 0x2d, 0x6f, 0x3b, 0x5c, 0x07);

#define IPPROTO_ICMP_NUM    1

static VOID NTAPI
KwfpClassify(
    _In_ const FWPS_INCOMING_VALUES0 *inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
    _Inout_opt_ void *layerData,
    _In_ const FWPS_FILTER0 *filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *classifyOut
    )
{
    UINT8 proto;

    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if (!(classifyOut->rights & FWPS_RIGHT_ACTION_WRITE)) {
        return;
    }

    proto = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_RECV_ACCEPT_V4_IP_PROTOCOL].value.uint8;

    if (proto == IPPROTO_ICMP_NUM && g_Kwfp.Stealth) {
        InterlockedIncrement64(&g_Kwfp.Stats.IcmpDropped);
        classifyOut->actionType = FWP_ACTION_BLOCK;
        classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        return;
    }

    InterlockedIncrement64(&g_Kwfp.Stats.Accepts);
    classifyOut->actionType = FWP_ACTION_PERMIT;
}

static NTSTATUS NTAPI
KwfpNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID *filterKey,
    _In_ const FWPS_FILTER0 *filter
    )
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}

NTSTATUS
KwfpRegisterCallout(
    _In_ PDEVICE_OBJECT DeviceObject
    )
{
    FWPS_CALLOUT0 c;

    RtlZeroMemory(&c, sizeof(c));
    c.calloutKey = KWFP_CALLOUT_RECV_V4;
    c.classifyFn = KwfpClassify;
    c.notifyFn   = KwfpNotify;

    return FwpsCalloutRegister0(DeviceObject, &c, &g_Kwfp.CalloutId);
}

VOID
KwfpUnregisterCallout(VOID)
{
    if (g_Kwfp.CalloutId != 0) {
        FwpsCalloutUnregisterById0(g_Kwfp.CalloutId);
        g_Kwfp.CalloutId = 0;
    }
}

NTSTATUS
KwfpAddFilters(VOID)
{
    NTSTATUS        status;
    FWPM_SESSION0   session;
    FWPM_SUBLAYER0  sub;
    FWPM_CALLOUT0   mc;
    FWPM_FILTER0    f;
    BOOLEAN         inTxn = FALSE;

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;

    TRY(FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Kwfp.Engine), "FwpmEngineOpen0");
    TRY(FwpmTransactionBegin0(g_Kwfp.Engine, 0), "FwpmTransactionBegin0");
    inTxn = TRUE;

    RtlZeroMemory(&sub, sizeof(sub));
    sub.subLayerKey      = KWFP_SUBLAYER;
    sub.displayData.name = L"kwfpctl sublayer";
    sub.weight           = 0x2000;
    TRY(FwpmSubLayerAdd0(g_Kwfp.Engine, &sub, NULL), "FwpmSubLayerAdd0");

    RtlZeroMemory(&mc, sizeof(mc));
    mc.calloutKey       = KWFP_CALLOUT_RECV_V4;
    mc.displayData.name = L"kwfpctl recv-accept v4";
    mc.applicableLayer  = FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4;
    TRY(FwpmCalloutAdd0(g_Kwfp.Engine, &mc, NULL, NULL), "FwpmCalloutAdd0");

    RtlZeroMemory(&f, sizeof(f));
    f.displayData.name  = L"kwfpctl recv-accept v4";
    f.layerKey          = FWPM_LAYER_ALE_AUTH_RECV_ACCEPT_V4;
    f.subLayerKey       = KWFP_SUBLAYER;
    f.weight.type       = FWP_EMPTY;
    f.action.type       = FWP_ACTION_CALLOUT_TERMINATING;
    f.action.calloutKey = KWFP_CALLOUT_RECV_V4;
    TRY(FwpmFilterAdd0(g_Kwfp.Engine, &f, NULL, &g_Kwfp.FilterId), "FwpmFilterAdd0");

    TRY(FwpmTransactionCommit0(g_Kwfp.Engine), "FwpmTransactionCommit0");
    inTxn = FALSE;

Exit:
    if (!NT_SUCCESS(status) && g_Kwfp.Engine != NULL) {
        if (inTxn) {
            FwpmTransactionAbort0(g_Kwfp.Engine);
        }
        FwpmEngineClose0(g_Kwfp.Engine);
        g_Kwfp.Engine = NULL;
    }
    return status;
}

VOID
KwfpRemoveFilters(VOID)
{
    if (g_Kwfp.Engine == NULL) {
        return;
    }
    if (g_Kwfp.FilterId != 0) {
        FwpmFilterDeleteById0(g_Kwfp.Engine, g_Kwfp.FilterId);
        g_Kwfp.FilterId = 0;
    }
    FwpmCalloutDeleteByKey0(g_Kwfp.Engine, &KWFP_CALLOUT_RECV_V4);
    FwpmSubLayerDeleteByKey0(g_Kwfp.Engine, &KWFP_SUBLAYER);
    FwpmEngineClose0(g_Kwfp.Engine);
    g_Kwfp.Engine = NULL;
}
