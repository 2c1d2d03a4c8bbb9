#include "wfplog.h"

void NTAPI
WlClassify(const FWPS_INCOMING_VALUES0* FixedValues,
           const FWPS_INCOMING_METADATA_VALUES0* MetaValues,
           void* LayerData, const FWPS_FILTER0* Filter,
           UINT64 FlowContext, FWPS_CLASSIFY_OUT0* ClassifyOut)
{
    UINT32 addr;
    UINT16 port;
    UINT64 pid = 0;

    UNREFERENCED_PARAMETER(LayerData);
    UNREFERENCED_PARAMETER(Filter);
    UNREFERENCED_PARAMETER(FlowContext);

    addr = FixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_ADDRESS].value.uint32;
    port = FixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;
    if (FWPS_IS_METADATA_FIELD_PRESENT(MetaValues, FWPS_METADATA_FIELD_PROCESS_ID)) {
        pid = MetaValues->processId;
    }

    InterlockedIncrement(&g_Wl.Seen);
    WL_PRINT("pid %llu -> %u.%u.%u.%u:%u", pid,
             (addr >> 24) & 0xFF, (addr >> 16) & 0xFF, (addr >> 8) & 0xFF, addr & 0xFF, port);

    // observe only
    if (ClassifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        ClassifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

NTSTATUS NTAPI
WlNotify(FWPS_CALLOUT_NOTIFY_TYPE NotifyType, const GUID* FilterKey, const FWPS_FILTER0* Filter)
{
    UNREFERENCED_PARAMETER(FilterKey);
    UNREFERENCED_PARAMETER(Filter);
    WL_PRINT("notify %d", (int)NotifyType);
    return STATUS_SUCCESS;
}

//
// Management objects (sublayer, callout, filter) in one transaction on a
// dynamic session: they disappear by themselves when the engine handle closes.
//
NTSTATUS
WlAddObjects(HANDLE Engine, UINT64* FilterId)
{
    NTSTATUS status;
    FWPM_SUBLAYER0 sublayer = { 0 };
    FWPM_CALLOUT0 callout = { 0 };
    FWPM_FILTER0 filter = { 0 };

    sublayer.subLayerKey = WL_SUBLAYER_KEY;
    sublayer.displayData.name = L"wfplog sublayer";
    sublayer.weight = 0x100;
    status = FwpmSubLayerAdd0(Engine, &sublayer, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    callout.calloutKey = WL_CALLOUT_KEY;
    callout.displayData.name = L"wfplog connect logger";
    callout.applicableLayer = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    status = FwpmCalloutAdd0(Engine, &callout, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    filter.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    filter.subLayerKey = WL_SUBLAYER_KEY;
    filter.displayData.name = L"wfplog filter";
    filter.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    filter.action.calloutKey = WL_CALLOUT_KEY;
    filter.weight.type = FWP_EMPTY;
    filter.numFilterConditions = 0;
    return FwpmFilterAdd0(Engine, &filter, NULL, FilterId);
}
