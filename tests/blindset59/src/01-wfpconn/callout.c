/*
 * callout.c - the ALE connect callout and its filter
 */
#include "wfpconn.h"

static VOID
WfcCountPort(UINT16 Port)
{
    KIRQL irql;
    ULONG i;
    BOOLEAN placed = FALSE;

    KeAcquireSpinLock(&g.StatsLock, &irql);
    g.Stats.TotalConnects++;
    for (i = 0; i < WFC_PORT_BUCKETS; i++) {
        if (g.Stats.Buckets[i].Port == Port) {
            g.Stats.Buckets[i].Hits++;
            placed = TRUE;
            break;
        }
        if (g.Stats.Buckets[i].Hits == 0) {
            g.Stats.Buckets[i].Port = Port;
            g.Stats.Buckets[i].Hits = 1;
            placed = TRUE;
            break;
        }
    }
    if (!placed) {
        g.Stats.Dropped++;
    }
    KeReleaseSpinLock(&g.StatsLock, irql);
}

static VOID NTAPI
WfcClassify(
    _In_ const FWPS_INCOMING_VALUES0 *inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
    _Inout_opt_ void *layerData,
    _In_ const FWPS_FILTER0 *filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *classifyOut)
{
    UINT16 remotePort;

    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    if (inFixedValues->layerId == FWPS_LAYER_ALE_AUTH_CONNECT_V4) {
        remotePort = inFixedValues->incomingValue[
            FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;
        WfcCountPort(remotePort);
    }

    // inspection only: never change the verdict
    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

static NTSTATUS NTAPI
WfcNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID *filterKey,
    _In_ const FWPS_FILTER0 *filter)
{
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);

    switch (notifyType) {
    case FWPS_CALLOUT_NOTIFY_ADD_FILTER:
        WFC_LOG("filter attached\n");
        break;
    case FWPS_CALLOUT_NOTIFY_DELETE_FILTER:
        WFC_LOG("filter detached\n");
        break;
    default:
        break;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
WfcRegisterCallout(_In_ PDEVICE_OBJECT DeviceObject, _In_ HANDLE Engine)
{
    NTSTATUS status;
    FWPS_CALLOUT0 sCallout;
    FWPM_CALLOUT0 mCallout;

    RtlZeroMemory(&sCallout, sizeof(sCallout));
    sCallout.calloutKey = WFC_CALLOUT_CONNECT_V4;
    sCallout.classifyFn = WfcClassify;
    sCallout.notifyFn = WfcNotify;
    sCallout.flowDeleteFn = NULL;

    status = FwpsCalloutRegister0(DeviceObject, &sCallout, &g.CalloutId);
    if (!NT_SUCCESS(status)) {
        WFC_LOG("FwpsCalloutRegister0 failed 0x%08X\n", status);
        return status;
    }

    RtlZeroMemory(&mCallout, sizeof(mCallout));
    mCallout.calloutKey = WFC_CALLOUT_CONNECT_V4;
    mCallout.displayData.name = L"wfpconn connect counter";
    mCallout.displayData.description = L"Counts outbound TCP connects per port";
    mCallout.applicableLayer = FWPM_LAYER_ALE_AUTH_CONNECT_V4;

    status = FwpmCalloutAdd0(Engine, &mCallout, NULL, &g.MgmtCalloutId);
    if (!NT_SUCCESS(status)) {
        WFC_LOG("FwpmCalloutAdd0 failed 0x%08X\n", status);
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
WfcUnregisterCallout(VOID)
{
    NTSTATUS status;

    if (g.CalloutId == 0) {
        return;
    }

    status = FwpsCalloutUnregisterById0(g.CalloutId);
    if (!NT_SUCCESS(status)) {
        // no flow contexts are ever associated, so DEVICE_BUSY is not expected
        WFC_LOG("FwpsCalloutUnregisterById0 returned 0x%08X\n", status);
    }
    g.CalloutId = 0;
}

NTSTATUS
WfcAddFilter(_In_ HANDLE Engine)
{
    NTSTATUS status;
    FWPM_FILTER0 filter;
    FWPM_FILTER_CONDITION0 cond[1];

    RtlZeroMemory(&filter, sizeof(filter));
    RtlZeroMemory(cond, sizeof(cond));

    cond[0].fieldKey = FWPM_CONDITION_IP_PROTOCOL;
    cond[0].matchType = FWP_MATCH_EQUAL;
    cond[0].conditionValue.type = FWP_UINT8;
    cond[0].conditionValue.uint8 = WFC_PROTO_TCP;

    filter.filterKey = WFC_FILTER_CONNECT_V4;
    filter.displayData.name = L"wfpconn connect filter";
    filter.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    filter.subLayerKey = FWPM_SUBLAYER_UNIVERSAL;
    filter.weight.type = FWP_EMPTY;          // let BFE pick
    filter.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    filter.action.calloutKey = WFC_CALLOUT_CONNECT_V4;
    filter.numFilterConditions = ARRAYSIZE(cond);
    filter.filterCondition = cond;

    status = FwpmFilterAdd0(Engine, &filter, NULL, &g.FilterId);
    if (!NT_SUCCESS(status)) {
        WFC_LOG("FwpmFilterAdd0 failed 0x%08X\n", status);
    }
    return status;
}
