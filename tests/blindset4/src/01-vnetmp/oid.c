/*
 * oid.c - OID request handling for the VNET miniport.
 */
#include "vnetmp.h"

static
NDIS_STATUS
VnetQueryInformation(
    _In_ PVNET_ADAPTER Adapter,
    _Inout_ PNDIS_OID_REQUEST Request
    )
{
    NDIS_OID    oid     = Request->DATA.QUERY_INFORMATION.Oid;
    PVOID       buffer  = Request->DATA.QUERY_INFORMATION.InformationBuffer;
    ULONG       length  = Request->DATA.QUERY_INFORMATION.InformationBufferLength;
    ULONG       ulValue = 0;
    ULONG64     u64Value = 0;
    PVOID       source  = &ulValue;
    ULONG       size    = sizeof(ULONG);

    switch (oid) {
    case OID_GEN_HARDWARE_STATUS:
        ulValue = NdisHardwareStatusReady;
        break;
    case OID_GEN_MEDIA_SUPPORTED:
    case OID_GEN_MEDIA_IN_USE:
        ulValue = NdisMedium802_3;
        break;
    case OID_GEN_MAXIMUM_FRAME_SIZE:
        ulValue = Adapter->Mtu;
        break;
    case OID_GEN_MAXIMUM_TOTAL_SIZE:
    case OID_GEN_TRANSMIT_BLOCK_SIZE:
    case OID_GEN_RECEIVE_BLOCK_SIZE:
        ulValue = Adapter->Mtu + VNET_HEADER_SIZE;
        break;
    case OID_GEN_LINK_SPEED:
        ulValue = (ULONG)(VNET_LINK_SPEED / 100);
        break;
    case OID_GEN_VENDOR_ID:
        ulValue = 0x00564E45;
        break;
    case OID_GEN_CURRENT_PACKET_FILTER:
        ulValue = Adapter->PacketFilter;
        break;
    case OID_GEN_CURRENT_LOOKAHEAD:
        ulValue = Adapter->LookAhead;
        break;
    case OID_GEN_XMIT_OK:
        u64Value = Adapter->FramesTx;
        source = &u64Value;
        size = sizeof(ULONG64);
        break;
    case OID_GEN_RCV_OK:
        u64Value = Adapter->FramesRx;
        source = &u64Value;
        size = sizeof(ULONG64);
        break;
    case OID_802_3_PERMANENT_ADDRESS:
        source = Adapter->PermanentAddress;
        size = VNET_MAC_LENGTH;
        break;
    case OID_802_3_CURRENT_ADDRESS:
        source = Adapter->CurrentAddress;
        size = VNET_MAC_LENGTH;
        break;
    case OID_802_3_MAXIMUM_LIST_SIZE:
        ulValue = VNET_MAX_MCAST_LIST;
        break;
    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }

    if (length < size) {
        Request->DATA.QUERY_INFORMATION.BytesNeeded = size;
        return NDIS_STATUS_BUFFER_TOO_SHORT;
    }

    NdisMoveMemory(buffer, source, size);
    Request->DATA.QUERY_INFORMATION.BytesWritten = size;
    return NDIS_STATUS_SUCCESS;
}

static
NDIS_STATUS
VnetSetInformation(
    _In_ PVNET_ADAPTER Adapter,
    _Inout_ PNDIS_OID_REQUEST Request
    )
{
    NDIS_OID    oid    = Request->DATA.SET_INFORMATION.Oid;
    PVOID       buffer = Request->DATA.SET_INFORMATION.InformationBuffer;
    ULONG       length = Request->DATA.SET_INFORMATION.InformationBufferLength;

    switch (oid) {
    case OID_GEN_CURRENT_PACKET_FILTER:
        if (length < sizeof(ULONG)) {
            Request->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
            return NDIS_STATUS_INVALID_LENGTH;
        }
        Adapter->PacketFilter = *(PULONG)buffer;
        Request->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
        return NDIS_STATUS_SUCCESS;

    case OID_GEN_CURRENT_LOOKAHEAD:
        if (length < sizeof(ULONG)) {
            Request->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
            return NDIS_STATUS_INVALID_LENGTH;
        }
        if (*(PULONG)buffer > Adapter->Mtu) {
            return NDIS_STATUS_INVALID_DATA;
        }
        Adapter->LookAhead = *(PULONG)buffer;
        Request->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
        return NDIS_STATUS_SUCCESS;

    case OID_802_3_MULTICAST_LIST:
        if (length % VNET_MAC_LENGTH != 0) {
            return NDIS_STATUS_INVALID_LENGTH;
        }
        if (length / VNET_MAC_LENGTH > VNET_MAX_MCAST_LIST) {
            return NDIS_STATUS_MULTICAST_FULL;
        }
        NdisAcquireSpinLock(&Adapter->Lock);
        NdisMoveMemory(Adapter->MulticastList, buffer, length);
        Adapter->MulticastCount = length / VNET_MAC_LENGTH;
        NdisReleaseSpinLock(&Adapter->Lock);
        Request->DATA.SET_INFORMATION.BytesRead = length;
        return NDIS_STATUS_SUCCESS;

    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }
}

_Use_decl_annotations_
NDIS_STATUS
VnetOidRequest(
    NDIS_HANDLE MiniportAdapterContext,
    PNDIS_OID_REQUEST OidRequest
    )
{
    PVNET_ADAPTER adapter = (PVNET_ADAPTER)MiniportAdapterContext;

    switch (OidRequest->RequestType) {
    case NdisRequestQueryInformation:
    case NdisRequestQueryStatistics:
        return VnetQueryInformation(adapter, OidRequest);
    case NdisRequestSetInformation:
        return VnetSetInformation(adapter, OidRequest);
    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }
}

_Use_decl_annotations_
VOID
VnetCancelOidRequest(
    NDIS_HANDLE MiniportAdapterContext,
    PVOID RequestId
    )
{
    /* All requests complete synchronously; nothing to cancel. */
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}
