/*
 * classify.c - classify and notify functions of NetGuard.
 */
#include "netguard.h"

void NTAPI
NgClassifyConnect(
    _In_ const FWPS_INCOMING_VALUES* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_opt_ const void* classifyContext,
    _In_ const FWPS_FILTER* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT* classifyOut
    )
{
    USHORT remotePort;
    UINT32 portIndex;

    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(flowContext);

    if (!(classifyOut->rights & FWPS_RIGHT_ACTION_WRITE)) {
        return;
    }

    if (inFixedValues->layerId == FWPS_LAYER_ALE_AUTH_CONNECT_V4) {
        portIndex = FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT;
    } else if (inFixedValues->layerId == FWPS_LAYER_ALE_AUTH_CONNECT_V6) {
        portIndex = FWPS_FIELD_ALE_AUTH_CONNECT_V6_IP_REMOTE_PORT;
    } else {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
        return;
    }

    InterlockedIncrement64(&g_Ng.Counters.Inspected);
    remotePort = inFixedValues->incomingValue[portIndex].value.uint16;

    if (NgBlockListContains(remotePort)) {
        InterlockedIncrement64(&g_Ng.Counters.Blocked);
        classifyOut->actionType = FWP_ACTION_BLOCK;
        if (filter->flags & FWPS_FILTER_FLAG_CLEAR_ACTION_RIGHT) {
            classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        }
        return;
    }

    classifyOut->actionType = FWP_ACTION_PERMIT;
}

NTSTATUS NTAPI
NgNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID* filterKey,
    _Inout_ FWPS_FILTER* filter
    )
{
    UNREFERENCED_PARAMETER(notifyType);
    UNREFERENCED_PARAMETER(filterKey);
    UNREFERENCED_PARAMETER(filter);
    return STATUS_SUCCESS;
}
