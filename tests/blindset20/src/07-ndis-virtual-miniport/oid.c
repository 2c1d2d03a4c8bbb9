/*++

Copyright (c) Proseware Virtualization.  All rights reserved.

Module Name:

    oid.c

Abstract:

    OID handling for the software loopback Ethernet adapter.  All
    requests complete synchronously.

Environment:

    Kernel mode, NDIS 6.20+.

--*/

#include "hvnic.h"

NDIS_OID HvnSupportedOids[] = {
    OID_GEN_SUPPORTED_LIST,
    OID_GEN_HARDWARE_STATUS,
    OID_GEN_MEDIA_SUPPORTED,
    OID_GEN_MEDIA_IN_USE,
    OID_GEN_MAXIMUM_LOOKAHEAD,
    OID_GEN_MAXIMUM_FRAME_SIZE,
    OID_GEN_MAXIMUM_TOTAL_SIZE,
    OID_GEN_TRANSMIT_BLOCK_SIZE,
    OID_GEN_RECEIVE_BLOCK_SIZE,
    OID_GEN_VENDOR_ID,
    OID_GEN_VENDOR_DESCRIPTION,
    OID_GEN_VENDOR_DRIVER_VERSION,
    OID_GEN_CURRENT_PACKET_FILTER,
    OID_GEN_CURRENT_LOOKAHEAD,
    OID_GEN_DRIVER_VERSION,
    OID_GEN_MAXIMUM_SEND_PACKETS,
    OID_GEN_XMIT_OK,
    OID_GEN_RCV_OK,
    OID_GEN_STATISTICS,
    OID_GEN_RCV_NO_BUFFER,
    OID_802_3_PERMANENT_ADDRESS,
    OID_802_3_CURRENT_ADDRESS,
    OID_802_3_MULTICAST_LIST,
    OID_802_3_MAXIMUM_LIST_SIZE,
    OID_PNP_CAPABILITIES,
    OID_PNP_SET_POWER,
    OID_PNP_QUERY_POWER,
};

ULONG HvnSupportedOidsLength = sizeof(HvnSupportedOids);

static const CHAR HvnVendorDescription[] = "Proseware Loopback Ethernet Adapter";

static
NDIS_STATUS
HvnQueryInformation(
    _In_ PHVN_ADAPTER Adapter,
    _Inout_ PNDIS_OID_REQUEST Request
    );

static
NDIS_STATUS
HvnSetInformation(
    _In_ PHVN_ADAPTER Adapter,
    _Inout_ PNDIS_OID_REQUEST Request
    );


static
NDIS_STATUS
HvnQueryInformation(
    _In_ PHVN_ADAPTER Adapter,
    _Inout_ PNDIS_OID_REQUEST Request
    )
{
    NDIS_OID oid = Request->DATA.QUERY_INFORMATION.Oid;
    PVOID outBuffer = Request->DATA.QUERY_INFORMATION.InformationBuffer;
    ULONG outLength = Request->DATA.QUERY_INFORMATION.InformationBufferLength;
    NDIS_STATISTICS_INFO statistics;
    NDIS_HARDWARE_STATUS hardwareStatus = NdisHardwareStatusReady;
    NDIS_MEDIUM medium = NdisMedium802_3;
    ULONG64 value64 = 0;
    ULONG value32 = 0;
    PVOID source = &value32;
    ULONG sourceLength = sizeof(ULONG);

    switch (oid) {

    case OID_GEN_SUPPORTED_LIST:
        source = HvnSupportedOids;
        sourceLength = HvnSupportedOidsLength;
        break;

    case OID_GEN_HARDWARE_STATUS:
        source = &hardwareStatus;
        sourceLength = sizeof(hardwareStatus);
        break;

    case OID_GEN_MEDIA_SUPPORTED:
    case OID_GEN_MEDIA_IN_USE:
        source = &medium;
        sourceLength = sizeof(medium);
        break;

    case OID_GEN_MAXIMUM_LOOKAHEAD:
    case OID_GEN_CURRENT_LOOKAHEAD:
        value32 = Adapter->LookAhead;
        break;

    case OID_GEN_MAXIMUM_FRAME_SIZE:
        value32 = HVN_MTU;
        break;

    case OID_GEN_MAXIMUM_TOTAL_SIZE:
    case OID_GEN_TRANSMIT_BLOCK_SIZE:
    case OID_GEN_RECEIVE_BLOCK_SIZE:
        value32 = HVN_MAX_FRAME_SIZE;
        break;

    case OID_GEN_VENDOR_ID:
        value32 = 0x00505700;
        break;

    case OID_GEN_VENDOR_DESCRIPTION:
        source = (PVOID)HvnVendorDescription;
        sourceLength = sizeof(HvnVendorDescription);
        break;

    case OID_GEN_VENDOR_DRIVER_VERSION:
        value32 = (HVN_DRIVER_MAJOR_VERSION << 16) | HVN_DRIVER_MINOR_VERSION;
        break;

    case OID_GEN_DRIVER_VERSION:
        value32 = (HVN_NDIS_MAJOR_VERSION << 8) | HVN_NDIS_MINOR_VERSION;
        sourceLength = sizeof(USHORT);
        break;

    case OID_GEN_CURRENT_PACKET_FILTER:
        value32 = Adapter->PacketFilter;
        break;

    case OID_GEN_MAXIMUM_SEND_PACKETS:
        value32 = HVN_RECEIVE_BLOCKS;
        break;

    case OID_GEN_XMIT_OK:
        value64 = Adapter->FramesTransmitted;
        source = &value64;
        sourceLength = sizeof(ULONG64);
        break;

    case OID_GEN_RCV_OK:
        value64 = Adapter->FramesReceived;
        source = &value64;
        sourceLength = sizeof(ULONG64);
        break;

    case OID_GEN_RCV_NO_BUFFER:
        value64 = Adapter->ReceiveNoBuffer;
        source = &value64;
        sourceLength = sizeof(ULONG64);
        break;

    case OID_GEN_STATISTICS:
        NdisZeroMemory(&statistics, sizeof(statistics));
        statistics.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
        statistics.Header.Revision = NDIS_STATISTICS_INFO_REVISION_1;
        statistics.Header.Size = NDIS_SIZEOF_STATISTICS_INFO_REVISION_1;
        statistics.SupportedStatistics = NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_RCV |
                                         NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_XMIT |
                                         NDIS_STATISTICS_FLAGS_VALID_BYTES_RCV |
                                         NDIS_STATISTICS_FLAGS_VALID_BYTES_XMIT |
                                         NDIS_STATISTICS_FLAGS_VALID_RCV_DISCARDS |
                                         NDIS_STATISTICS_FLAGS_VALID_XMIT_DISCARDS;
        NdisAcquireSpinLock(&Adapter->Lock);
        statistics.ifHCInUcastPkts = Adapter->FramesReceived;
        statistics.ifHCOutUcastPkts = Adapter->FramesTransmitted;
        statistics.ifHCInOctets = Adapter->BytesReceived;
        statistics.ifHCOutOctets = Adapter->BytesTransmitted;
        statistics.ifInDiscards = Adapter->ReceiveNoBuffer;
        statistics.ifOutDiscards = Adapter->TransmitDiscards;
        NdisReleaseSpinLock(&Adapter->Lock);
        source = &statistics;
        sourceLength = sizeof(statistics);
        break;

    case OID_802_3_PERMANENT_ADDRESS:
        source = Adapter->PermanentAddress;
        sourceLength = HVN_MAC_ADDRESS_LENGTH;
        break;

    case OID_802_3_CURRENT_ADDRESS:
        source = Adapter->CurrentAddress;
        sourceLength = HVN_MAC_ADDRESS_LENGTH;
        break;

    case OID_802_3_MULTICAST_LIST:
        source = Adapter->MulticastList;
        sourceLength = Adapter->MulticastCount * HVN_MAC_ADDRESS_LENGTH;
        break;

    case OID_802_3_MAXIMUM_LIST_SIZE:
        value32 = HVN_MAX_MULTICAST;
        break;

    case OID_PNP_QUERY_POWER:
        Request->DATA.QUERY_INFORMATION.BytesWritten = 0;
        return NDIS_STATUS_SUCCESS;

    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }

    if (sourceLength > outLength) {
        Request->DATA.QUERY_INFORMATION.BytesNeeded = sourceLength;
        Request->DATA.QUERY_INFORMATION.BytesWritten = 0;
        return NDIS_STATUS_BUFFER_TOO_SHORT;
    }

    if (sourceLength != 0) {
        NdisMoveMemory(outBuffer, source, sourceLength);
    }

    Request->DATA.QUERY_INFORMATION.BytesWritten = sourceLength;
    return NDIS_STATUS_SUCCESS;
}


static
NDIS_STATUS
HvnSetInformation(
    _In_ PHVN_ADAPTER Adapter,
    _Inout_ PNDIS_OID_REQUEST Request
    )
{
    NDIS_OID oid = Request->DATA.SET_INFORMATION.Oid;
    PVOID inBuffer = Request->DATA.SET_INFORMATION.InformationBuffer;
    ULONG inLength = Request->DATA.SET_INFORMATION.InformationBufferLength;
    ULONG value;

    Request->DATA.SET_INFORMATION.BytesRead = 0;
    Request->DATA.SET_INFORMATION.BytesNeeded = 0;

    switch (oid) {

    case OID_GEN_CURRENT_PACKET_FILTER:
        if (inLength < sizeof(ULONG)) {
            Request->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
            return NDIS_STATUS_INVALID_LENGTH;
        }
        value = *(PULONG)inBuffer;
        if (value & ~HVN_SUPPORTED_FILTERS) {
            return NDIS_STATUS_NOT_SUPPORTED;
        }
        NdisAcquireSpinLock(&Adapter->Lock);
        Adapter->PacketFilter = value;
        NdisReleaseSpinLock(&Adapter->Lock);
        Request->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
        return NDIS_STATUS_SUCCESS;

    case OID_GEN_CURRENT_LOOKAHEAD:
        if (inLength < sizeof(ULONG)) {
            Request->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
            return NDIS_STATUS_INVALID_LENGTH;
        }
        value = *(PULONG)inBuffer;
        if (value > HVN_MAX_FRAME_SIZE) {
            return NDIS_STATUS_INVALID_DATA;
        }
        Adapter->LookAhead = value;
        Request->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
        return NDIS_STATUS_SUCCESS;

    case OID_802_3_MULTICAST_LIST:
        if (inLength % HVN_MAC_ADDRESS_LENGTH != 0) {
            return NDIS_STATUS_INVALID_LENGTH;
        }
        if (inLength / HVN_MAC_ADDRESS_LENGTH > HVN_MAX_MULTICAST) {
            return NDIS_STATUS_MULTICAST_FULL;
        }
        NdisAcquireSpinLock(&Adapter->Lock);
        NdisMoveMemory(Adapter->MulticastList, inBuffer, inLength);
        Adapter->MulticastCount = inLength / HVN_MAC_ADDRESS_LENGTH;
        NdisReleaseSpinLock(&Adapter->Lock);
        Request->DATA.SET_INFORMATION.BytesRead = inLength;
        return NDIS_STATUS_SUCCESS;

    case OID_PNP_SET_POWER:
        Request->DATA.SET_INFORMATION.BytesRead = inLength;
        return NDIS_STATUS_SUCCESS;

    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }
}


_Use_decl_annotations_
NDIS_STATUS
HvnOidRequest(
    NDIS_HANDLE MiniportAdapterContext,
    PNDIS_OID_REQUEST NdisRequest
    )
{
    PHVN_ADAPTER adapter = (PHVN_ADAPTER)MiniportAdapterContext;

    switch (NdisRequest->RequestType) {

    case NdisRequestQueryInformation:
    case NdisRequestQueryStatistics:
        return HvnQueryInformation(adapter, NdisRequest);

    case NdisRequestSetInformation:
        return HvnSetInformation(adapter, NdisRequest);

    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }
}


_Use_decl_annotations_
VOID
HvnCancelOidRequest(
    NDIS_HANDLE MiniportAdapterContext,
    PVOID RequestId
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);

    //
    // Requests never pend, so there is nothing to cancel.
    //
}
