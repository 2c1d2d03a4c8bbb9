//
// Classify.cpp
//
// Callout functions. Invoked by the filter engine at IRQL <= DISPATCH_LEVEL.
//
#include "FlowMon.h"

namespace fm {

void NTAPI
FlowEstablishedClassify(
    _In_ const FWPS_INCOMING_VALUES0* InFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* InMetaValues,
    _Inout_opt_ void* LayerData,
    _In_ const FWPS_FILTER0* Filter,
    _In_ UINT64 FlowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* ClassifyOut
    )
{
    bool v6;
    UINT32 direction;
    UINT8 protocol;
    fm::FlowMonDriver* driver = g_FlowMon;

    UNREFERENCED_PARAMETER(InMetaValues);
    UNREFERENCED_PARAMETER(LayerData);
    UNREFERENCED_PARAMETER(Filter);
    UNREFERENCED_PARAMETER(FlowContext);

    switch (InFixedValues->layerId) {
    case FWPS_LAYER_ALE_FLOW_ESTABLISHED_V4:
        v6 = false;
        direction = InFixedValues->incomingValue[FWPS_FIELD_ALE_FLOW_ESTABLISHED_V4_DIRECTION].value.uint32;
        protocol = InFixedValues->incomingValue[FWPS_FIELD_ALE_FLOW_ESTABLISHED_V4_IP_PROTOCOL].value.uint8;
        break;

    case FWPS_LAYER_ALE_FLOW_ESTABLISHED_V6:
        v6 = true;
        direction = InFixedValues->incomingValue[FWPS_FIELD_ALE_FLOW_ESTABLISHED_V6_DIRECTION].value.uint32;
        protocol = InFixedValues->incomingValue[FWPS_FIELD_ALE_FLOW_ESTABLISHED_V6_IP_PROTOCOL].value.uint8;
        break;

    default:
        goto Continue;
    }

    if (driver != nullptr) {
        driver->CountFlow(v6, direction == FWP_DIRECTION_OUTBOUND, protocol);
    }

Continue:
    // Inspection only: never change the verdict of other filters.
    if (ClassifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        ClassifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

NTSTATUS NTAPI
FlowEstablishedNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE NotifyType,
    _In_ const GUID* FilterKey,
    _Inout_ const FWPS_FILTER0* Filter
    )
{
    UNREFERENCED_PARAMETER(FilterKey);

    FmInfo("notify %d for filter %I64u", (int)NotifyType, Filter->filterId);
    return STATUS_SUCCESS;
}

} // namespace fm
