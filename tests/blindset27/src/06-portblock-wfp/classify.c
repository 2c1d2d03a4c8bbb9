/*
 * classify.c - the callout functions.
 */
#include "portblock.h"

void NTAPI
PbClassify(
    _In_ const FWPS_INCOMING_VALUES0 *InFixedValues,
    _In_ const FWPS_INCOMING_METADATA_VALUES0 *InMetaValues,
    _Inout_opt_ void *LayerData,
    _In_ const FWPS_FILTER0 *Filter,
    _In_ UINT64 FlowContext,
    _Inout_ FWPS_CLASSIFY_OUT0 *ClassifyOut
    )
{
    UINT32 remoteAddr;
    UINT16 localPort;
    UINT8 protocol;

    UNREFERENCED_PARAMETER(LayerData);
    UNREFERENCED_PARAMETER(Filter);
    UNREFERENCED_PARAMETER(FlowContext);

    if ((ClassifyOut->rights & FWPS_RIGHT_ACTION_WRITE) == 0) {
        return;
    }

    protocol   = InFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_RECV_ACCEPT_V4_IP_PROTOCOL].value.uint8;
    localPort  = InFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_RECV_ACCEPT_V4_IP_LOCAL_PORT].value.uint16;
    remoteAddr = InFixedValues->incomingValue[FWPS_FIELD_ALE_AUTH_RECV_ACCEPT_V4_IP_REMOTE_ADDRESS].value.uint32;

    if (protocol != PB_PROTO_TCP || localPort != g_Pb.BlockedPort) {
        ClassifyOut->actionType = FWP_ACTION_CONTINUE;
        return;
    }

    InterlockedIncrement(&g_Pb.Refused);

    if (FWPS_IS_METADATA_FIELD_PRESENT(InMetaValues, FWPS_METADATA_FIELD_PROCESS_ID)) {
        DbgPrint("PortBlock: refused %u.%u.%u.%u -> :%u (pid %I64u)\n",
                 (remoteAddr >> 24) & 0xFF, (remoteAddr >> 16) & 0xFF,
                 (remoteAddr >> 8) & 0xFF, remoteAddr & 0xFF,
                 localPort, InMetaValues->processId);
    }

    ClassifyOut->actionType = FWP_ACTION_BLOCK;
    ClassifyOut->rights &= ~FWPS_RIGHT_ACTION_WRITE;
}

NTSTATUS NTAPI
PbNotify(
    _In_ FWPS_CALLOUT_NOTIFY_TYPE NotifyType,
    _In_ const GUID *FilterKey,
    _Inout_ const FWPS_FILTER0 *Filter
    )
{
    UNREFERENCED_PARAMETER(FilterKey);
    UNREFERENCED_PARAMETER(Filter);

    if (NotifyType == FWPS_CALLOUT_NOTIFY_ADD_FILTER) {
        DbgPrint("PortBlock: filter attached\n");
    } else if (NotifyType == FWPS_CALLOUT_NOTIFY_DELETE_FILTER) {
        DbgPrint("PortBlock: filter removed\n");
    }
    return STATUS_SUCCESS;
}
