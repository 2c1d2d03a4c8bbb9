//
// adapter.cpp - per-adapter miniport handlers
//
#include "vnic.h"

namespace vnic {

static const NDIS_OID s_SupportedOids[] = {
    OID_GEN_SUPPORTED_LIST,
    OID_GEN_CURRENT_PACKET_FILTER,
    OID_GEN_CURRENT_LOOKAHEAD,
    OID_GEN_MAXIMUM_TOTAL_SIZE,
    OID_802_3_PERMANENT_ADDRESS,
    OID_802_3_CURRENT_ADDRESS,
    OID_802_3_MULTICAST_LIST,
    OID_802_3_MAXIMUM_LIST_SIZE,
};

NDIS_STATUS
MpInitializeEx(
    _In_ NDIS_HANDLE                    NdisMiniportHandle,
    _In_ NDIS_HANDLE                    MiniportDriverContext,
    _In_ PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters
    )
{
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    auto adapter = static_cast<ADAPTER*>(
        NdisAllocateMemoryWithTagPriority(NdisMiniportHandle, sizeof(ADAPTER),
                                          VNIC_TAG, NormalPoolPriority));
    if (adapter == nullptr) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(adapter, sizeof(ADAPTER));
    adapter->MiniportHandle = NdisMiniportHandle;
    adapter->Lookahead      = VNIC_MTU;

    // locally administered, low bytes from the clock
    LARGE_INTEGER now;
    NdisGetCurrentSystemTime(&now);
    adapter->MacAddress[0] = 0x02;
    adapter->MacAddress[1] = 0x56;
    adapter->MacAddress[2] = 0x4E;
    adapter->MacAddress[3] = static_cast<UCHAR>(now.LowPart >> 16);
    adapter->MacAddress[4] = static_cast<UCHAR>(now.LowPart >> 8);
    adapter->MacAddress[5] = static_cast<UCHAR>(now.LowPart);

    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg = {};
    reg.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    reg.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    reg.MiniportAdapterContext    = adapter;
    reg.AttributeFlags            = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND |
                                    NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK;
    reg.CheckForHangTimeInSeconds = 0;
    reg.InterfaceType             = NdisInterfaceInternal;

    NDIS_STATUS status = NdisMSetMiniportAttributes(NdisMiniportHandle,
                            reinterpret_cast<PNDIS_MINIPORT_ADAPTER_ATTRIBUTES>(&reg));
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemory(adapter, 0, 0);
        return status;
    }

    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen = {};
    gen.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen.MediaType               = NdisMedium802_3;
    gen.PhysicalMediumType      = NdisPhysicalMediumUnspecified;
    gen.MtuSize                 = VNIC_MTU;
    gen.MaxXmitLinkSpeed        = VNIC_LINK_SPEED;
    gen.XmitLinkSpeed           = VNIC_LINK_SPEED;
    gen.MaxRcvLinkSpeed         = VNIC_LINK_SPEED;
    gen.RcvLinkSpeed            = VNIC_LINK_SPEED;
    gen.MediaConnectState       = MediaConnectStateConnected;
    gen.MediaDuplexState        = MediaDuplexStateFull;
    gen.LookaheadSize           = VNIC_MTU;
    gen.MacOptions              = NDIS_MAC_OPTION_NO_LOOPBACK;
    gen.SupportedPacketFilters  = VNIC_SUPPORTED_FILTERS;
    gen.MaxMulticastListSize    = VNIC_MAX_MCAST;
    gen.MacAddressLength        = 6;
    NdisMoveMemory(gen.PermanentMacAddress, adapter->MacAddress, 6);
    NdisMoveMemory(gen.CurrentMacAddress, adapter->MacAddress, 6);
    gen.AccessType              = NET_IF_ACCESS_BROADCAST;
    gen.DirectionType           = NET_IF_DIRECTION_SENDRECEIVE;
    gen.ConnectionType          = NET_IF_CONNECTION_DEDICATED;
    gen.IfType                  = IF_TYPE_ETHERNET_CSMACD;
    gen.IfConnectorPresent      = FALSE;
    gen.SupportedStatistics     = NDIS_STATISTICS_XMIT_OK_SUPPORTED;
    gen.SupportedOidList        = const_cast<PNDIS_OID>(s_SupportedOids);
    gen.SupportedOidListLength  = sizeof(s_SupportedOids);

    status = NdisMSetMiniportAttributes(NdisMiniportHandle,
                reinterpret_cast<PNDIS_MINIPORT_ADAPTER_ATTRIBUTES>(&gen));
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemory(adapter, 0, 0);
        return status;
    }

    NdisAcquireSpinLock(&Driver::AdapterLock);
    InsertTailList(&Driver::AdapterList, &adapter->Link);
    NdisReleaseSpinLock(&Driver::AdapterLock);
    InterlockedIncrement(&Driver::Stats->Adapters);

    return NDIS_STATUS_SUCCESS;
}

VOID
MpHaltEx(
    _In_ NDIS_HANDLE      MiniportAdapterContext,
    _In_ NDIS_HALT_ACTION HaltAction
    )
{
    UNREFERENCED_PARAMETER(HaltAction);
    auto adapter = static_cast<ADAPTER*>(MiniportAdapterContext);

    NdisAcquireSpinLock(&Driver::AdapterLock);
    RemoveEntryList(&adapter->Link);
    NdisReleaseSpinLock(&Driver::AdapterLock);
    InterlockedDecrement(&Driver::Stats->Adapters);

    NdisFreeMemory(adapter, 0, 0);
}

NDIS_STATUS
MpPause(_In_ NDIS_HANDLE MiniportAdapterContext, _In_ PNDIS_MINIPORT_PAUSE_PARAMETERS Params)
{
    UNREFERENCED_PARAMETER(Params);
    static_cast<ADAPTER*>(MiniportAdapterContext)->Running = FALSE;
    return NDIS_STATUS_SUCCESS;        // sends complete inline, nothing to drain
}

NDIS_STATUS
MpRestart(_In_ NDIS_HANDLE MiniportAdapterContext, _In_ PNDIS_MINIPORT_RESTART_PARAMETERS Params)
{
    UNREFERENCED_PARAMETER(Params);
    static_cast<ADAPTER*>(MiniportAdapterContext)->Running = TRUE;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
MpOidRequest(_In_ NDIS_HANDLE MiniportAdapterContext, _In_ PNDIS_OID_REQUEST Request)
{
    auto adapter = static_cast<ADAPTER*>(MiniportAdapterContext);

    switch (Request->RequestType) {
    case NdisRequestSetInformation: {
        auto& set = Request->DATA.SET_INFORMATION;
        if (set.Oid == OID_GEN_CURRENT_PACKET_FILTER && set.InformationBufferLength >= sizeof(ULONG)) {
            adapter->PacketFilter = *static_cast<PULONG>(set.InformationBuffer);
            set.BytesRead = sizeof(ULONG);
            return NDIS_STATUS_SUCCESS;
        }
        if (set.Oid == OID_GEN_CURRENT_LOOKAHEAD && set.InformationBufferLength >= sizeof(ULONG)) {
            adapter->Lookahead = *static_cast<PULONG>(set.InformationBuffer);
            set.BytesRead = sizeof(ULONG);
            return NDIS_STATUS_SUCCESS;
        }
        if (set.Oid == OID_802_3_MULTICAST_LIST) {
            set.BytesRead = set.InformationBufferLength;   // accepted, ignored
            return NDIS_STATUS_SUCCESS;
        }
        return NDIS_STATUS_NOT_SUPPORTED;
    }
    case NdisRequestQueryInformation:
    case NdisRequestQueryStatistics:
        // NDIS answers most general queries from the attributes we set.
        return NDIS_STATUS_NOT_SUPPORTED;
    default:
        return NDIS_STATUS_NOT_SUPPORTED;
    }
}

VOID
MpSendNbls(
    _In_ NDIS_HANDLE      MiniportAdapterContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ NDIS_PORT_NUMBER PortNumber,
    _In_ ULONG            SendFlags
    )
{
    UNREFERENCED_PARAMETER(PortNumber);
    auto adapter = static_cast<ADAPTER*>(MiniportAdapterContext);
    NDIS_STATUS result = adapter->Running ? NDIS_STATUS_SUCCESS : NDIS_STATUS_PAUSED;

    for (PNET_BUFFER_LIST nbl = NetBufferLists; nbl; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        for (PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb; nb = NET_BUFFER_NEXT_NB(nb)) {
            InterlockedIncrement64(&Driver::Stats->TxFrames);
            InterlockedAdd64(&Driver::Stats->TxBytes, NET_BUFFER_DATA_LENGTH(nb));
        }
        NET_BUFFER_LIST_STATUS(nbl) = result;
    }

    ULONG completeFlags = 0;
    if (NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags)) {
        NDIS_SET_SEND_COMPLETE_FLAG(completeFlags, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
    }
    NdisMSendNetBufferListsComplete(adapter->MiniportHandle, NetBufferLists, completeFlags);
}

VOID MpReturnNbls(_In_ NDIS_HANDLE, _In_ PNET_BUFFER_LIST, _In_ ULONG) { /* never indicate */ }
VOID MpCancelSend(_In_ NDIS_HANDLE, _In_ PVOID) { /* nothing queued */ }
VOID MpDevicePnpEvent(_In_ NDIS_HANDLE, _In_ PNET_DEVICE_PNP_EVENT) { }
VOID MpShutdownEx(_In_ NDIS_HANDLE, _In_ NDIS_SHUTDOWN_ACTION) { }
VOID MpCancelOidRequest(_In_ NDIS_HANDLE, _In_ PVOID) { }

} // namespace vnic
