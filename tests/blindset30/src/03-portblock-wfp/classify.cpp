//
// classify / notify functions for the ALE connect v4 layer
//
#include "portblock.h"

namespace pb {

static volatile LONG g_Blocked = 0;

// TCP/UDP remote ports we refuse to connect to (host byte order)
static const UINT16 g_BlockedPorts[] = {
    23,     // telnet
    445,    // smb
    3389,   // rdp
    5900,   // vnc
};

static bool IsPortBlocked(UINT16 port)
{
    for (UINT16 p : g_BlockedPorts) {
        if (p == port) {
            return true;
        }
    }
    return false;
}

LONG BlockedCount()
{
    return g_Blocked;
}

void NTAPI ClassifyConnectV4(
    _In_ const FWPS_INCOMING_VALUES0* inFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0* inMetaValues,
    _Inout_opt_ void* layerData,
    _In_ const FWPS_FILTER0* filter,
    _In_ UINT64 flowContext,
    _Inout_ FWPS_CLASSIFY_OUT0* classifyOut)
{
    UNREFERENCED_PARAMETER(inMetaValues);
    UNREFERENCED_PARAMETER(layerData);
    UNREFERENCED_PARAMETER(filter);
    UNREFERENCED_PARAMETER(flowContext);

    // someone with higher weight already decided
    if ((classifyOut->rights & FWPS_RIGHT_ACTION_WRITE) == 0) {
        return;
    }

    const UINT16 remotePort =
        inFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_CONNECT_V4_IP_REMOTE_PORT].value.uint16;

    if (IsPortBlocked(remotePort)) {
        classifyOut->actionType = FWP_ACTION_BLOCK;
        classifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
        InterlockedIncrement(&g_Blocked);
    } else {
        classifyOut->actionType = FWP_ACTION_PERMIT;
    }
}

NTSTATUS NTAPI NotifyConnectV4(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE notifyType,
    _In_ const GUID* filterKey,
    _Inout_ const FWPS_FILTER0* filter)
{
    UNREFERENCED_PARAMETER(filterKey);

    if (notifyType == FWPS_CALLOUT_NOTIFY_ADD_FILTER) {
        PB_LOG("filter %I64u attached", filter->filterId);
    }
    return STATUS_SUCCESS;
}

} // namespace pb
