/*
 * oid.c - General attributes and OID request handling.
 *
 * Copyright (c) VNet Project Authors. All rights reserved.
 */

#include "vnet.h"
#include "trace.h"
#include "oid.tmh"

static NDIS_OID VnetSupportedOids[] = {
    OID_GEN_SUPPORTED_LIST,
    OID_GEN_HARDWARE_STATUS,
    OID_GEN_MEDIA_SUPPORTED,
    OID_GEN_MEDIA_IN_USE,
    OID_GEN_MAXIMUM_FRAME_SIZE,
    OID_GEN_MAXIMUM_TOTAL_SIZE,
    OID_GEN_CURRENT_PACKET_FILTER,
    OID_GEN_CURRENT_LOOKAHEAD,
    OID_GEN_MAXIMUM_LOOKAHEAD,
    OID_GEN_VENDOR_DESCRIPTION,
    OID_GEN_XMIT_OK,
    OID_GEN_RCV_OK,
    OID_802_3_PERMANENT_ADDRESS,
    OID_802_3_CURRENT_ADDRESS,
    OID_802_3_MULTICAST_LIST,
    OID_802_3_MAXIMUM_LIST_SIZE,
};

static const CHAR VnetVendorDescription[] = "VNet Virtual Switch Port";

_Use_decl_annotations_
NDIS_STATUS
VnetSetGeneralAttributes(
    PVNET_ADAPTER Adapter
    )
{
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;

    NdisZeroMemory(&gen, sizeof(gen));
    gen.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;

    gen.MediaType           = NdisMedium802_3;
    gen.PhysicalMediumType  = NdisPhysicalMediumUnspecified;
    gen.MtuSize             = Adapter->Mtu;
    gen.MaxXmitLinkSpeed    = VNET_LINK_SPEED;
    gen.XmitLinkSpeed       = VNET_LINK_SPEED;
    gen.MaxRcvLinkSpeed     = VNET_LINK_SPEED;
    gen.RcvLinkSpeed        = VNET_LINK_SPEED;
    gen.MediaConnectState   = Adapter->MediaState;
    gen.MediaDuplexState    = MediaDuplexStateFull;
    gen.LookaheadSize       = Adapter->LookAhead;
    gen.MacOptions          = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA |
                              NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
                              NDIS_MAC_OPTION_NO_LOOPBACK;
    gen.SupportedPacketFilters = VNET_SUPPORTED_FILTERS;
    gen.MaxMulticastListSize = VNET_MAX_MCAST_LIST;
    gen.MacAddressLength    = ETH_LENGTH_OF_ADDRESS;
    NdisMoveMemory(gen.PermanentMacAddress, Adapter->PermanentAddress, ETH_LENGTH_OF_ADDRESS);
    NdisMoveMemory(gen.CurrentMacAddress, Adapter->CurrentAddress, ETH_LENGTH_OF_ADDRESS);

    gen.RecvScaleCapabilities = NULL;
    gen.AccessType          = NET_IF_ACCESS_BROADCAST;
    gen.DirectionType       = NET_IF_DIRECTION_SENDRECEIVE;
    gen.ConnectionType      = NET_IF_CONNECTION_DEDICATED;
    gen.IfType              = IF_TYPE_ETHERNET_CSMACD;
    gen.IfConnectorPresent  = FALSE;
    gen.SupportedStatistics = NDIS_STATISTICS_XMIT_OK_SUPPORTED |
                              NDIS_STATISTICS_RCV_OK_SUPPORTED |
                              NDIS_STATISTICS_BYTES_XMIT_SUPPORTED |
                              NDIS_STATISTICS_BYTES_RCV_SUPPORTED |
                              NDIS_STATISTICS_RCV_DISCARDS_SUPPORTED |
                              NDIS_STATISTICS_XMIT_DISCARDS_SUPPORTED;
    gen.SupportedPauseFunctions = NdisPauseFunctionsUnsupported;
    gen.SupportedOidList    = VnetSupportedOids;
    gen.SupportedOidListLength = sizeof(VnetSupportedOids);
    gen.AutoNegotiationFlags = NDIS_LINK_STATE_DUPLEX_AUTO_NEGOTIATED;

    return NdisMSetMiniportAttributes(Adapter->MiniportAdapterHandle,
                                      (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
}

static
NDIS_STATUS
VnetCopyOut(
    _Inout_ PNDIS_OID_REQUEST Request,
    _In_reads_bytes_(Length) const VOID *Data,
    _In_ ULONG Length
    )
{
    ULONG avail = Request->DATA.QUERY_INFORMATION.InformationBufferLength;

    if (avail < Length) {
        Request->DATA.QUERY_INFORMATION.BytesNeeded = Length;
        return NDIS_STATUS_BUFFER_TOO_SHORT;
    }

    NdisMoveMemory(Request->DATA.QUERY_INFORMATION.InformationBuffer, Data, Length);
    Request->DATA.QUERY_INFORMATION.BytesWritten = Length;
    return NDIS_STATUS_SUCCESS;
}

static
NDIS_STATUS
VnetQueryOid(
    _In_ PVNET_ADAPTER Adapter,
    _Inout_ PNDIS_OID_REQUEST Request
    )
{
    ULONG   ul;
    ULONG64 ull;

    switch (Request->DATA.QUERY_INFORMATION.Oid) {
    case OID_GEN_SUPPORTED_LIST:
        return VnetCopyOut(Request, VnetSupportedOids, sizeof(VnetSupportedOids));

    case OID_GEN_HARDWARE_STATUS:
        ul = NdisHardwareStatusReady;
        return VnetCopyOut(Request, &ul, sizeof(ul));

    case OID_GEN_MEDIA_SUPPORTED:
    case OID_GEN_MEDIA_IN_USE:
        ul = NdisMedium802_3;
        return VnetCopyOut(Request, &ul, sizeof(ul));

    case OID_GEN_MAXIMUM_FRAME_SIZE:
        ul = Adapter->Mtu;
        return VnetCopyOut(Request, &ul, sizeof(ul));

    case OID_GEN_MAXIMUM_TOTAL_SIZE:
        ul = Adapter->Mtu + sizeof(ETH_HEADER);
        return VnetCopyOut(Request, &ul, sizeof(ul));

    case OID_GEN_CURRENT_PACKET_FILTER:
        return VnetCopyOut(Request, &Adapter->PacketFilter, sizeof(ULONG));

    case OID_GEN_CURRENT_LOOKAHEAD:
    case OID_GEN_MAXIMUM_LOOKAHEAD:
        return VnetCopyOut(Request, &Adapter->LookAhead, sizeof(ULONG));

    case OID_GEN_VENDOR_DESCRIPTION:
        return VnetCopyOut(Request, VnetVendorDescription, sizeof(VnetVendorDescription));

    case OID_GEN_XMIT_OK:
        ull = Adapter->FramesTx;
        return VnetCopyOut(Request, &ull, sizeof(ull));

    case OID_GEN_RCV_OK:
        ull = Adapter->FramesRx;
        return VnetCopyOut(Request, &ull, sizeof(ull));

    case OID_802_3_PERMANENT_ADDRESS:
        return VnetCopyOut(Request, Adapter->PermanentAddress, ETH_LENGTH_OF_ADDRESS);

    case OID_802_3_CURRENT_ADDRESS:
        return VnetCopyOut(Request, Adapter->CurrentAddress, ETH_LENGTH_OF_ADDRESS);

    case OID_802_3_MULTICAST_LIST:
        return VnetCopyOut(Request, Adapter->McastList,
                           Adapter->McastCount * ETH_LENGTH_OF_ADDRESS);

    case OID_802_3_MAXIMUM_LIST_SIZE:
        ul = VNET_MAX_MCAST_LIST;
        return VnetCopyOut(Request, &ul, sizeof(ul));

    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }
}

static
NDIS_STATUS
VnetSetOid(
    _In_ PVNET_ADAPTER Adapter,
    _Inout_ PNDIS_OID_REQUEST Request
    )
{
    PVOID buffer = Request->DATA.SET_INFORMATION.InformationBuffer;
    ULONG length = Request->DATA.SET_INFORMATION.InformationBufferLength;
    ULONG value;

    switch (Request->DATA.SET_INFORMATION.Oid) {
    case OID_GEN_CURRENT_PACKET_FILTER:
        if (length < sizeof(ULONG)) {
            Request->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
            return NDIS_STATUS_INVALID_LENGTH;
        }
        value = *(PULONG)buffer;
        if (value & ~VNET_SUPPORTED_FILTERS) {
            return NDIS_STATUS_NOT_SUPPORTED;
        }
        NdisAcquireSpinLock(&Adapter->Lock);
        Adapter->PacketFilter = value;
        NdisReleaseSpinLock(&Adapter->Lock);
        Request->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
        return NDIS_STATUS_SUCCESS;

    case OID_GEN_CURRENT_LOOKAHEAD:
        if (length < sizeof(ULONG)) {
            Request->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
            return NDIS_STATUS_INVALID_LENGTH;
        }
        value = *(PULONG)buffer;
        if (value > Adapter->Mtu) {
            return NDIS_STATUS_INVALID_DATA;
        }
        Adapter->LookAhead = value;
        Request->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
        return NDIS_STATUS_SUCCESS;

    case OID_802_3_MULTICAST_LIST:
        if (length % ETH_LENGTH_OF_ADDRESS) {
            return NDIS_STATUS_INVALID_LENGTH;
        }
        if (length / ETH_LENGTH_OF_ADDRESS > VNET_MAX_MCAST_LIST) {
            return NDIS_STATUS_MULTICAST_FULL;
        }
        NdisAcquireSpinLock(&Adapter->Lock);
        NdisMoveMemory(Adapter->McastList, buffer, length);
        Adapter->McastCount = length / ETH_LENGTH_OF_ADDRESS;
        NdisReleaseSpinLock(&Adapter->Lock);
        Request->DATA.SET_INFORMATION.BytesRead = length;
        return NDIS_STATUS_SUCCESS;

    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }
}

_Use_decl_annotations_
NDIS_STATUS
VnetMiniportOidRequest(
    NDIS_HANDLE         MiniportAdapterContext,
    PNDIS_OID_REQUEST   OidRequest
    )
{
    PVNET_ADAPTER   adapter = (PVNET_ADAPTER)MiniportAdapterContext;
    NDIS_STATUS     status;

    switch (OidRequest->RequestType) {
    case NdisRequestQueryInformation:
    case NdisRequestQueryStatistics:
        status = VnetQueryOid(adapter, OidRequest);
        break;

    case NdisRequestSetInformation:
        status = VnetSetOid(adapter, OidRequest);
        break;

    default:
        status = NDIS_STATUS_NOT_SUPPORTED;
        break;
    }

    VnetTrace(TRACE_OID, "type %u oid 0x%08x -> %!STATUS!",
              OidRequest->RequestType,
              OidRequest->DATA.QUERY_INFORMATION.Oid, status);
    return status;
}

_Use_decl_annotations_
VOID
VnetMiniportCancelOidRequest(
    NDIS_HANDLE MiniportAdapterContext,
    PVOID       RequestId
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}
