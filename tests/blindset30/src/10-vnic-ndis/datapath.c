// datapath.c - send path and OID requests
#include "vnic.h"

const NDIS_OID VnSupportedOids[] = {
    OID_GEN_SUPPORTED_LIST,         OID_GEN_HARDWARE_STATUS,     OID_GEN_MAXIMUM_TOTAL_SIZE,
    OID_GEN_VENDOR_DESCRIPTION,     OID_GEN_CURRENT_PACKET_FILTER, OID_GEN_CURRENT_LOOKAHEAD,
    OID_GEN_XMIT_OK,                OID_802_3_PERMANENT_ADDRESS, OID_802_3_CURRENT_ADDRESS,
    OID_802_3_MULTICAST_LIST,       OID_802_3_MAXIMUM_LIST_SIZE,
};
const ULONG VnSupportedOidsSize = sizeof(VnSupportedOids);

_Use_decl_annotations_
VOID
VnSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                     NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    PVN_ADAPTER adapter = (PVN_ADAPTER)MiniportAdapterContext;
    NDIS_STATUS status = adapter->Paused ? NDIS_STATUS_PAUSED : NDIS_STATUS_SUCCESS;
    PNET_BUFFER_LIST nbl;
    PNET_BUFFER nb;

    UNREFERENCED_PARAMETER(PortNumber);

    /* the virtual wire swallows everything: count and complete */
    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        NET_BUFFER_LIST_STATUS(nbl) = status;
        if (status != NDIS_STATUS_SUCCESS) {
            continue;
        }
        for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
            InterlockedIncrement64(&adapter->TxFrames);
            InterlockedAdd64(&adapter->TxBytes, NET_BUFFER_DATA_LENGTH(nb));
        }
    }

    NdisMSendNetBufferListsComplete(adapter->MiniportHandle, NetBufferLists,
        NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

/* we never indicate receives and sends never pend */
_Use_decl_annotations_
VOID VnReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext); UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReturnFlags);
}

_Use_decl_annotations_
VOID VnCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext); UNREFERENCED_PARAMETER(CancelId);
}

static NDIS_STATUS
VnQuery(_In_ PVN_ADAPTER Adapter, _Inout_ PNDIS_OID_REQUEST Request)
{
    PVOID info = Request->DATA.QUERY_INFORMATION.InformationBuffer;
    ULONG infoLen = Request->DATA.QUERY_INFORMATION.InformationBufferLength;
    const VOID *src;
    ULONG srcLen = sizeof(ULONG);
    ULONG ul = 0;
    ULONG64 ul64 = 0;

    switch (Request->DATA.QUERY_INFORMATION.Oid) {
    case OID_GEN_SUPPORTED_LIST:        src = VnSupportedOids; srcLen = VnSupportedOidsSize; break;
    case OID_GEN_HARDWARE_STATUS:       ul = NdisHardwareStatusReady; src = &ul; break;
    case OID_GEN_MAXIMUM_TOTAL_SIZE:    ul = VN_MTU + VN_ETH_HEADER_SIZE; src = &ul; break;
    case OID_GEN_VENDOR_DESCRIPTION:    src = VN_VENDOR_DESC; srcLen = sizeof(VN_VENDOR_DESC); break;
    case OID_GEN_CURRENT_PACKET_FILTER: ul = Adapter->PacketFilter; src = &ul; break;
    case OID_GEN_CURRENT_LOOKAHEAD:     ul = Adapter->Lookahead; src = &ul; break;
    case OID_802_3_MAXIMUM_LIST_SIZE:   ul = VN_MAX_MCAST; src = &ul; break;
    case OID_802_3_PERMANENT_ADDRESS:   src = Adapter->PermanentAddress; srcLen = VN_ETH_ADDR_LEN; break;
    case OID_802_3_CURRENT_ADDRESS:     src = Adapter->CurrentAddress; srcLen = VN_ETH_ADDR_LEN; break;
    case OID_GEN_XMIT_OK:
        ul64 = (ULONG64)Adapter->TxFrames;
        src = &ul64;
        srcLen = (infoLen >= sizeof(ULONG64)) ? sizeof(ULONG64) : sizeof(ULONG);
        break;
    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }

    if (infoLen < srcLen) {
        Request->DATA.QUERY_INFORMATION.BytesNeeded = srcLen;
        return NDIS_STATUS_BUFFER_TOO_SHORT;
    }
    NdisMoveMemory(info, src, srcLen);
    Request->DATA.QUERY_INFORMATION.BytesWritten = srcLen;
    return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS
VnSet(_In_ PVN_ADAPTER Adapter, _Inout_ PNDIS_OID_REQUEST Request)
{
    PVOID info = Request->DATA.SET_INFORMATION.InformationBuffer;
    ULONG infoLen = Request->DATA.SET_INFORMATION.InformationBufferLength;
    ULONG value;

    switch (Request->DATA.SET_INFORMATION.Oid) {
    case OID_GEN_CURRENT_PACKET_FILTER:
    case OID_GEN_CURRENT_LOOKAHEAD:
        if (infoLen != sizeof(ULONG)) {
            Request->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
            return NDIS_STATUS_INVALID_LENGTH;
        }
        value = *(PULONG)info;
        if (Request->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_PACKET_FILTER) {
            if (value & ~VN_SUPPORTED_FILTERS) {
                return NDIS_STATUS_NOT_SUPPORTED;
            }
            Adapter->PacketFilter = value;
        } else {
            Adapter->Lookahead = min(value, VN_MTU);
        }
        break;
    case OID_802_3_MULTICAST_LIST:
        if (infoLen % VN_ETH_ADDR_LEN != 0 || infoLen / VN_ETH_ADDR_LEN > VN_MAX_MCAST) {
            return NDIS_STATUS_INVALID_LENGTH;
        }
        Adapter->McastCount = infoLen / VN_ETH_ADDR_LEN;
        break;
    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }

    Request->DATA.SET_INFORMATION.BytesRead = infoLen;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS VnOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST NdisRequest)
{
    PVN_ADAPTER adapter = (PVN_ADAPTER)MiniportAdapterContext;

    switch (NdisRequest->RequestType) {
    case NdisRequestQueryInformation:
    case NdisRequestQueryStatistics:
        return VnQuery(adapter, NdisRequest);
    case NdisRequestSetInformation:
        return VnSet(adapter, NdisRequest);
    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }
}

/* OID requests complete synchronously, nothing to cancel */
_Use_decl_annotations_
VOID VnCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext); UNREFERENCED_PARAMETER(RequestId);
}
