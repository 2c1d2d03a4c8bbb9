/*
 * callout.c - classify and notify functions
 */
#include "wfplog.h"

static volatile LONG g_Seen;

void NTAPI
WlClassifyConnect(const FWPS_INCOMING_VALUES0 *inFixedValues,
                  const FWPS_INCOMING_METADATA_VALUES0 *inMetaValues,
                  void *layerData,
                  const FWPS_FILTER0 *filter,
                  UINT64 flowContext,
                  FWPS_CLASSIFY_OUT0 *classifyOut)
{
    UINT32 local, remote;
    UINT16 lport, rport;
    UINT8 proto;
    UINT64 pid = 0;

    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);
    UNREFERENCED_PARAMETER(classifyOut);      /* inspection only, no verdict */

    local  = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_LOCAL_ADDRESS].value.uint32;
    remote = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_ADDRESS].value.uint32;
    lport  = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_LOCAL_PORT].value.uint16;
    rport  = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;
    proto  = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_PROTOCOL].value.uint8;

    if (FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_PROCESS_ID)) {
        pid = inMetaValues->processId;
    }

    InterlockedIncrement(&g_Seen);
    WL_PRINT("#%ld pid %llu proto %u %u.%u.%u.%u:%u -> %u.%u.%u.%u:%u\n",
             g_Seen, pid, proto,
             (local >> 24) & 0xff, (local >> 16) & 0xff, (local >> 8) & 0xff, local & 0xff, lport,
             (remote >> 24) & 0xff, (remote >> 16) & 0xff, (remote >> 8) & 0xff, remote & 0xff, rport);
}

NTSTATUS NTAPI
WlNotify(FWPS_CALLOUT_NOTIFY_TYPE notifyType, const GUID *filterKey, const FWPS_FILTER0 *filter)
{
    UNREFERENCED_PARAMETER(filterKey);

    switch (notifyType) {
    case FWPS_CALLOUT_NOTIFY_ADD_FILTER:
        WL_PRINT("filter %llu attached\n", filter->filterId);
        break;
    case FWPS_CALLOUT_NOTIFY_DELETE_FILTER:
        WL_PRINT("filter %llu detached\n", filter->filterId);
        break;
    default:
        break;
    }
    return STATUS_SUCCESS;
}
