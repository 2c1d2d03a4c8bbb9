/*
 * callout.c - classify/notify and the management objects (sublayer,
 * callout, filter) added inside DriverEntry's transaction
 */
#include "wfplog.h"

void NTAPI WfpClassify(const FWPS_INCOMING_VALUES* inFixedValues,
                       const FWPS_INCOMING_METADATA_VALUES* inMetaValues,
                       void* layerData,
                       const void* classifyContext,
                       const FWPS_FILTER* filter,
                       UINT64 flowContext,
                       FWPS_CLASSIFY_OUT* classifyOut)
{
    UINT32 remote;
    UINT16 port;
    UINT8 proto;
    UINT64 pid = 0;

    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    remote = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_ADDRESS].value.uint32;
    port = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;
    proto = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_PROTOCOL].value.uint8;

    if (FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_PROCESS_ID)) {
        pid = inMetaValues->processId;
    }

    InterlockedIncrement64(&g_Wfp.Connects);
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,
               "wfplog: pid %llu -> %u.%u.%u.%u:%u proto %u\n", pid,
               (remote >> 24) & 0xFF, (remote >> 16) & 0xFF, (remote >> 8) & 0xFF, remote & 0xFF,
               port, proto);

    /* inspection only: never decide anything */
    if (classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) {
        classifyOut->actionType = FWP_ACTION_CONTINUE;
    }
}

NTSTATUS NTAPI WfpNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID* filterKey, FWPS_FILTER* filter)
{
    UNREFERENCED_PARAMETER(filterKey);

    if (notifyType == FWPS_CALLOUT_NOTIFY_ADD_FILTER) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "wfplog: filter %llu attached\n", filter->filterId);
    }
    return STATUS_SUCCESS;
}

NTSTATUS WfpAddObjects(HANDLE Engine)
{
    FWPM_SUBLAYER sublayer;
    FWPM_CALLOUT callout;
    FWPM_FILTER filter;
    NTSTATUS status;

    RtlZeroMemory(&sublayer, sizeof(sublayer));
    sublayer.subLayerKey = WFPLOG_SUBLAYER_KEY;
    sublayer.displayData.name = (wchar_t*)L"WfpLog sublayer";
    sublayer.weight = 0x100;
    status = FwpmSubLayerAdd(Engine, &sublayer, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&callout, sizeof(callout));
    callout.calloutKey = WFPLOG_CALLOUT_KEY;
    callout.displayData.name = (wchar_t*)L"WfpLog connect callout";
    callout.applicableLayer = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    status = FwpmCalloutAdd(Engine, &callout, NULL, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&filter, sizeof(filter));
    filter.layerKey = FWPM_LAYER_ALE_AUTH_CONNECT_V4;
    filter.subLayerKey = WFPLOG_SUBLAYER_KEY;
    filter.displayData.name = (wchar_t*)L"WfpLog connect filter";
    filter.action.type = FWP_ACTION_CALLOUT_INSPECTION;
    filter.action.calloutKey = WFPLOG_CALLOUT_KEY;
    filter.weight.type = FWP_EMPTY;
    filter.numFilterConditions = 0;
    return FwpmFilterAdd(Engine, &filter, NULL, &g_Wfp.FilterId);
}
