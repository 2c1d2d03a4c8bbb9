#include "flowmeter.h"

static void NTAPI
FmAleClassify(const FWPS_INCOMING_VALUES0 *In, const FWPS_INCOMING_METADATA_VALUES0 *Meta,
              void *LayerData, const void *ClassifyCtx, const FWPS_FILTER2 *Filter,
              UINT64 FlowContext, FWPS_CLASSIFY_OUT0 *Out)
{
    PFM_FLOW flow;
    KIRQL irql;
    NTSTATUS st;

    UNREFERENCED_PARAMETER(In);
    UNREFERENCED_PARAMETER(LayerData);
    UNREFERENCED_PARAMETER(ClassifyCtx);
    UNREFERENCED_PARAMETER(Filter);
    UNREFERENCED_PARAMETER(FlowContext);

    if (Out->rights & FWPS_RIGHT_ACTION_WRITE)
        Out->actionType = FWP_ACTION_PERMIT;

    if (!FWPS_IS_METADATA_FIELD_PRESENT(Meta, FWPS_METADATA_FIELD_FLOW_HANDLE))
        return;

    flow = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(*flow), FM_TAG);
    if (flow == NULL)
        return;
    flow->FlowId = Meta->flowHandle;

    KeAcquireSpinLock(&g_Fm.Lock, &irql);
    if (g_Fm.Unloading) {
        KeReleaseSpinLock(&g_Fm.Lock, irql);
        ExFreePoolWithTag(flow, FM_TAG);
        return;
    }
    InsertTailList(&g_Fm.Flows, &flow->Link);
    KeReleaseSpinLock(&g_Fm.Lock, irql);

    st = FwpsFlowAssociateContext0(flow->FlowId, FWPS_LAYER_DATAGRAM_DATA_V4,
                                   g_Fm.DataId, (UINT64)(ULONG_PTR)flow);
    if (!NT_SUCCESS(st)) {
        KeAcquireSpinLock(&g_Fm.Lock, &irql);
        RemoveEntryList(&flow->Link);
        KeReleaseSpinLock(&g_Fm.Lock, irql);
        ExFreePoolWithTag(flow, FM_TAG);
    }
}

static void NTAPI
FmDataClassify(const FWPS_INCOMING_VALUES0 *In, const FWPS_INCOMING_METADATA_VALUES0 *Meta,
               void *LayerData, const void *ClassifyCtx, const FWPS_FILTER2 *Filter,
               UINT64 FlowContext, FWPS_CLASSIFY_OUT0 *Out)
{
    PFM_FLOW flow = (PFM_FLOW)(ULONG_PTR)FlowContext;
    PNET_BUFFER_LIST nbl = (PNET_BUFFER_LIST)LayerData;

    UNREFERENCED_PARAMETER(In);
    UNREFERENCED_PARAMETER(Meta);
    UNREFERENCED_PARAMETER(ClassifyCtx);
    UNREFERENCED_PARAMETER(Filter);

    if (flow != NULL && nbl != NULL) {
        InterlockedAdd64(&flow->Bytes,
                         NET_BUFFER_DATA_LENGTH(NET_BUFFER_LIST_FIRST_NB(nbl)));
    }
    if (Out->rights & FWPS_RIGHT_ACTION_WRITE)
        Out->actionType = FWP_ACTION_CONTINUE;
}

static NTSTATUS NTAPI
FmNotify(FWPS_CALLOUT_NOTIFY_TYPE Type, const GUID *FilterKey, FWPS_FILTER2 *Filter)
{
    UNREFERENCED_PARAMETER(Type);
    UNREFERENCED_PARAMETER(FilterKey);
    UNREFERENCED_PARAMETER(Filter);
    return STATUS_SUCCESS;
}

static void NTAPI
FmFlowDelete(UINT16 LayerId, UINT32 CalloutId, UINT64 FlowContext)
{
    PFM_FLOW flow = (PFM_FLOW)(ULONG_PTR)FlowContext;
    KIRQL irql;

    UNREFERENCED_PARAMETER(LayerId);
    UNREFERENCED_PARAMETER(CalloutId);

    KeAcquireSpinLock(&g_Fm.Lock, &irql);
    if (!flow->Detached)
        RemoveEntryList(&flow->Link);
    KeReleaseSpinLock(&g_Fm.Lock, irql);

    FMLOG("flow %I64x done, %I64d bytes\n", flow->FlowId, flow->Bytes);
    ExFreePoolWithTag(flow, FM_TAG);
}

NTSTATUS
FmRegisterCallouts(VOID)
{
    NTSTATUS st;
    FWPS_CALLOUT2 c;

    RtlZeroMemory(&c, sizeof(c));
    c.calloutKey = FM_ALE_CALLOUT;
    c.classifyFn = FmAleClassify;
    c.notifyFn   = FmNotify;
    st = FwpsCalloutRegister2(g_Fm.Device, &c, &g_Fm.AleId);
    if (!NT_SUCCESS(st))
        return st;

    RtlZeroMemory(&c, sizeof(c));
    c.calloutKey   = FM_DATA_CALLOUT;
    c.flags        = FWP_CALLOUT_FLAG_CONDITIONAL_ON_FLOW;
    c.classifyFn   = FmDataClassify;
    c.notifyFn     = FmNotify;
    c.flowDeleteFn = FmFlowDelete;
    st = FwpsCalloutRegister2(g_Fm.Device, &c, &g_Fm.DataId);
    if (!NT_SUCCESS(st)) {
        FwpsCalloutUnregisterById0(g_Fm.AleId);
        g_Fm.AleId = 0;
        return st;
    }
    return STATUS_SUCCESS;
}

VOID
FmRemoveFlowContexts(VOID)
{
    KIRQL irql;
    PFM_FLOW flow;
    UINT64 id;

    KeAcquireSpinLock(&g_Fm.Lock, &irql);
    g_Fm.Unloading = TRUE;
    while (!IsListEmpty(&g_Fm.Flows)) {
        flow = CONTAINING_RECORD(RemoveHeadList(&g_Fm.Flows), FM_FLOW, Link);
        flow->Detached = TRUE;
        id = flow->FlowId;
        KeReleaseSpinLock(&g_Fm.Lock, irql);
        FwpsFlowRemoveContext0(id, FWPS_LAYER_DATAGRAM_DATA_V4, g_Fm.DataId);
        KeAcquireSpinLock(&g_Fm.Lock, &irql);
    }
    KeReleaseSpinLock(&g_Fm.Lock, irql);
}

VOID
FmUnregisterCallouts(VOID)
{
    FwpsCalloutUnregisterById0(g_Fm.DataId);
    FwpsCalloutUnregisterById0(g_Fm.AleId);
    g_Fm.DataId = g_Fm.AleId = 0;
}

NTSTATUS
FmAddBfeObjects(VOID)
{
    NTSTATUS st;
    FWPM_SESSION0 session;
    FWPM_CALLOUT0 mc;
    FWPM_FILTER0 f;
    FWPM_FILTER_CONDITION0 cond;

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    st = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Fm.Engine);
    if (!NT_SUCCESS(st))
        return st;

    st = FwpmTransactionBegin0(g_Fm.Engine, 0);
    if (!NT_SUCCESS(st))
        goto close;

    RtlZeroMemory(&mc, sizeof(mc));
    mc.calloutKey = FM_ALE_CALLOUT;
    mc.displayData.name = L"flowmeter ALE";
    mc.applicableLayer = FWPM_LAYER_ALE_FLOW_ESTABLISHED_V4;
    st = FwpmCalloutAdd0(g_Fm.Engine, &mc, NULL, NULL);
    if (!NT_SUCCESS(st))
        goto abort;

    mc.calloutKey = FM_DATA_CALLOUT;
    mc.displayData.name = L"flowmeter data";
    mc.applicableLayer = FWPM_LAYER_DATAGRAM_DATA_V4;
    st = FwpmCalloutAdd0(g_Fm.Engine, &mc, NULL, NULL);
    if (!NT_SUCCESS(st))
        goto abort;

    RtlZeroMemory(&cond, sizeof(cond));
    cond.fieldKey = FWPM_CONDITION_IP_PROTOCOL;
    cond.matchType = FWP_MATCH_EQUAL;
    cond.conditionValue.type = FWP_UINT8;
    cond.conditionValue.uint8 = IPPROTO_UDP;

    RtlZeroMemory(&f, sizeof(f));
    f.displayData.name = L"flowmeter udp established";
    f.layerKey = FWPM_LAYER_ALE_FLOW_ESTABLISHED_V4;
    f.subLayerKey = FWPM_SUBLAYER_UNIVERSAL;
    f.weight.type = FWP_EMPTY;
    f.numFilterConditions = 1;
    f.filterCondition = &cond;
    f.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    f.action.calloutKey = FM_ALE_CALLOUT;
    st = FwpmFilterAdd0(g_Fm.Engine, &f, NULL, NULL);
    if (!NT_SUCCESS(st))
        goto abort;

    f.displayData.name = L"flowmeter udp data";
    f.layerKey = FWPM_LAYER_DATAGRAM_DATA_V4;
    f.action.calloutKey = FM_DATA_CALLOUT;
    st = FwpmFilterAdd0(g_Fm.Engine, &f, NULL, NULL);
    if (!NT_SUCCESS(st))
        goto abort;

    st = FwpmTransactionCommit0(g_Fm.Engine);
    if (!NT_SUCCESS(st))
        goto close;
    return STATUS_SUCCESS;

abort:
    FwpmTransactionAbort0(g_Fm.Engine);
close:
    FwpmEngineClose0(g_Fm.Engine);
    g_Fm.Engine = NULL;
    return st;
}
