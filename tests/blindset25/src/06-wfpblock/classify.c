/*
 * classify.c - the actual blocking decision
 */
#include "wfpblock.h"

static BOOLEAN WbIsBlockedPort(USHORT Port)
{
    ULONG i;

    for (i = 0; i < g_Wb.BlockedPortCount; i++) {
        if (g_Wb.BlockedPorts[i] == Port) {
            return TRUE;
        }
    }
    return FALSE;
}

VOID NTAPI WbClassify(
    const FWPS_INCOMING_VALUES *inFixedValues,
    const FWPS_INCOMING_METADATA_VALUES *inMetaValues,
    VOID *layerData,
    const VOID *classifyContext,
    const FWPS_FILTER *filter,
    UINT64 flowContext,
    FWPS_CLASSIFY_OUT *classifyOut)
{
    UINT32 remoteAddr;
    USHORT remotePort;
    UINT8  protocol;

    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(classifyContext);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    /* someone above us already decided and took the write right */
    if ((classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) == 0) {
        return;
    }

    remoteAddr = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_ADDRESS].value.uint32;
    remotePort = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;
    protocol   = inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_PROTOCOL].value.uint8;

    if (WbIsBlockedPort(remotePort)) {
        WBLOG("blocking pid %I64u -> %u.%u.%u.%u:%u proto %u",
              FWPS_IS_METADATA_FIELD_PRESENT(inMetaValues, FWPS_METADATA_FIELD_PROCESS_ID) ?
                  inMetaValues->processId : 0,
              (remoteAddr >> 24) & 0xFF, (remoteAddr >> 16) & 0xFF,
              (remoteAddr >> 8) & 0xFF, remoteAddr & 0xFF,
              remotePort, protocol);

        classifyOut->actionType = FWP_ACTION_BLOCK;
        classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        InterlockedIncrement(&g_Wb.Blocked);
        return;
    }

    classifyOut->actionType = FWP_ACTION_PERMIT;
    InterlockedIncrement(&g_Wb.Allowed);
}

NTSTATUS NTAPI WbNotify(
    FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    const GUID *filterKey,
    FWPS_FILTER *filter)
{
    UNREFERENCED_PARAMETER(filterKey);

    switch (notifyType) {
    case FWPS_CALLOUT_NOTIFY_ADD_FILTER:
        WBLOG("filter %I64u added", filter->filterId);
        break;
    case FWPS_CALLOUT_NOTIFY_DELETE_FILTER:
        WBLOG("filter %I64u deleted", filter->filterId);
        break;
    default:
        break;
    }
    return STATUS_SUCCESS;
}
