#include "vnic.h"

NDIS_OID g_VnicSupportedOids[] = {
    OID_GEN_SUPPORTED_LIST,
    OID_GEN_HARDWARE_STATUS,
    OID_GEN_MEDIA_SUPPORTED,
    OID_GEN_MEDIA_IN_USE,
    OID_GEN_MAXIMUM_FRAME_SIZE,
    OID_GEN_LINK_SPEED,
    OID_GEN_CURRENT_PACKET_FILTER,
    OID_GEN_CURRENT_LOOKAHEAD,
    OID_GEN_XMIT_OK,
    OID_802_3_PERMANENT_ADDRESS,
    OID_802_3_CURRENT_ADDRESS,
    OID_802_3_MULTICAST_LIST,
    OID_802_3_MAXIMUM_LIST_SIZE,
};
ULONG g_VnicSupportedOidCount = ARRAYSIZE(g_VnicSupportedOids);

static NDIS_STATUS
VnicQuery(PVNIC_ADAPTER Adapter, PNDIS_OID_REQUEST Request)
{
    ULONG ul = 0;
    ULONG64 ull = 0;
    PVOID src = &ul;
    ULONG len = sizeof(ULONG);

    switch (Request->DATA.QUERY_INFORMATION.Oid) {
    case OID_GEN_SUPPORTED_LIST:
        src = g_VnicSupportedOids;
        len = g_VnicSupportedOidCount * sizeof(NDIS_OID);
        break;
    case OID_GEN_HARDWARE_STATUS:
        ul = NdisHardwareStatusReady;
        break;
    case OID_GEN_MEDIA_SUPPORTED:
    case OID_GEN_MEDIA_IN_USE:
        ul = NdisMedium802_3;
        break;
    case OID_GEN_MAXIMUM_FRAME_SIZE:
    case OID_GEN_CURRENT_LOOKAHEAD:
        ul = VNIC_MTU;
        break;
    case OID_GEN_LINK_SPEED:
        ul = (ULONG)(VNIC_LINK_SPEED / 100);
        break;
    case OID_GEN_CURRENT_PACKET_FILTER:
        ul = Adapter->PacketFilter;
        break;
    case OID_GEN_XMIT_OK:
        ull = Adapter->FramesSent;
        src = &ull;
        len = sizeof(ULONG64);
        break;
    case OID_802_3_PERMANENT_ADDRESS:
        src = Adapter->PermanentAddress;
        len = ETH_LENGTH_OF_ADDRESS;
        break;
    case OID_802_3_CURRENT_ADDRESS:
        src = Adapter->CurrentAddress;
        len = ETH_LENGTH_OF_ADDRESS;
        break;
    case OID_802_3_MAXIMUM_LIST_SIZE:
        ul = VNIC_MAX_MULTICAST;
        break;
    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }

    if (Request->DATA.QUERY_INFORMATION.InformationBufferLength < len) {
        Request->DATA.QUERY_INFORMATION.BytesNeeded = len;
        return NDIS_STATUS_BUFFER_TOO_SHORT;
    }
    NdisMoveMemory(Request->DATA.QUERY_INFORMATION.InformationBuffer, src, len);
    Request->DATA.QUERY_INFORMATION.BytesWritten = len;
    return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS
VnicSet(PVNIC_ADAPTER Adapter, PNDIS_OID_REQUEST Request)
{
    switch (Request->DATA.SET_INFORMATION.Oid) {
    case OID_GEN_CURRENT_PACKET_FILTER:
        if (Request->DATA.SET_INFORMATION.InformationBufferLength < sizeof(ULONG)) {
            Request->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
            return NDIS_STATUS_INVALID_LENGTH;
        }
        Adapter->PacketFilter = *(PULONG)Request->DATA.SET_INFORMATION.InformationBuffer;
        Request->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
        return NDIS_STATUS_SUCCESS;
    case OID_GEN_CURRENT_LOOKAHEAD:
    case OID_802_3_MULTICAST_LIST:
        // accepted and ignored
        Request->DATA.SET_INFORMATION.BytesRead = Request->DATA.SET_INFORMATION.InformationBufferLength;
        return NDIS_STATUS_SUCCESS;
    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }
}

NDIS_STATUS
VnicOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
    PVNIC_ADAPTER adapter = (PVNIC_ADAPTER)MiniportAdapterContext;

    switch (OidRequest->RequestType) {
    case NdisRequestQueryInformation:
    case NdisRequestQueryStatistics:
        return VnicQuery(adapter, OidRequest);
    case NdisRequestSetInformation:
        return VnicSet(adapter, OidRequest);
    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }
}

VOID
VnicCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
    // requests complete synchronously; nothing to cancel
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}
