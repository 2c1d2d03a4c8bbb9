/*
 * adapter.c - adapter lifetime for the VNET miniport.
 */
#include "vnetmp.h"

static NDIS_OID VnetSupportedOids[] = {
    OID_GEN_SUPPORTED_LIST,
    OID_GEN_HARDWARE_STATUS,
    OID_GEN_MEDIA_SUPPORTED,
    OID_GEN_MEDIA_IN_USE,
    OID_GEN_MAXIMUM_FRAME_SIZE,
    OID_GEN_LINK_SPEED,
    OID_GEN_TRANSMIT_BLOCK_SIZE,
    OID_GEN_RECEIVE_BLOCK_SIZE,
    OID_GEN_VENDOR_ID,
    OID_GEN_VENDOR_DESCRIPTION,
    OID_GEN_CURRENT_PACKET_FILTER,
    OID_GEN_CURRENT_LOOKAHEAD,
    OID_GEN_MAXIMUM_TOTAL_SIZE,
    OID_GEN_XMIT_OK,
    OID_GEN_RCV_OK,
    OID_GEN_STATISTICS,
    OID_802_3_PERMANENT_ADDRESS,
    OID_802_3_CURRENT_ADDRESS,
    OID_802_3_MULTICAST_LIST,
    OID_802_3_MAXIMUM_LIST_SIZE,
};

static
VOID
VnetMakeMacAddress(
    _In_ ULONG Index,
    _Out_writes_(VNET_MAC_LENGTH) PUCHAR Mac
    )
{
    Mac[0] = 0x02;                   /* locally administered */
    Mac[1] = 0x56;
    Mac[2] = 0x4E;
    Mac[3] = 0x45;
    Mac[4] = (UCHAR)(Index >> 8);
    Mac[5] = (UCHAR)Index;
}

static
NDIS_STATUS
VnetSetRegistrationAttributes(
    _In_ PVNET_ADAPTER Adapter
    )
{
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;

    NdisZeroMemory(&reg, sizeof(reg));
    reg.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    reg.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    reg.MiniportAdapterContext = (NDIS_HANDLE)Adapter;
    reg.AttributeFlags  = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;
    reg.CheckForHangTimeInSeconds = 0;
    reg.InterfaceType   = NdisInterfaceInternal;

    return NdisMSetMiniportAttributes(Adapter->MiniportAdapterHandle,
                                      (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
}

static
NDIS_STATUS
VnetSetGeneralAttributes(
    _In_ PVNET_ADAPTER Adapter
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
    gen.MaxRcvLinkSpeed     = VNET_LINK_SPEED;
    gen.XmitLinkSpeed       = VNET_LINK_SPEED;
    gen.RcvLinkSpeed        = VNET_LINK_SPEED;
    gen.MediaConnectState   = MediaConnectStateConnected;
    gen.MediaDuplexState    = MediaDuplexStateFull;
    gen.LookaheadSize       = Adapter->Mtu;
    gen.MacOptions          = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA |
                              NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
                              NDIS_MAC_OPTION_NO_LOOPBACK;
    gen.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED |
                                 NDIS_PACKET_TYPE_MULTICAST |
                                 NDIS_PACKET_TYPE_ALL_MULTICAST |
                                 NDIS_PACKET_TYPE_BROADCAST |
                                 NDIS_PACKET_TYPE_PROMISCUOUS;
    gen.MaxMulticastListSize = VNET_MAX_MCAST_LIST;
    gen.MacAddressLength    = VNET_MAC_LENGTH;
    NdisMoveMemory(gen.PermanentMacAddress, Adapter->PermanentAddress, VNET_MAC_LENGTH);
    NdisMoveMemory(gen.CurrentMacAddress, Adapter->CurrentAddress, VNET_MAC_LENGTH);
    gen.RecvScaleCapabilities = NULL;
    gen.AccessType          = NET_IF_ACCESS_BROADCAST;
    gen.DirectionType       = NET_IF_DIRECTION_SENDRECEIVE;
    gen.ConnectionType      = NET_IF_CONNECTION_DEDICATED;
    gen.IfType              = IF_TYPE_ETHERNET_CSMACD;
    gen.IfConnectorPresent  = FALSE;
    gen.SupportedStatistics = NDIS_STATISTICS_XMIT_OK_SUPPORTED |
                              NDIS_STATISTICS_RCV_OK_SUPPORTED |
                              NDIS_STATISTICS_DIRECTED_FRAMES_RCV_SUPPORTED;
    gen.SupportedPauseFunctions = NdisPauseFunctionsUnsupported;
    gen.AutoNegotiationFlags = NDIS_LINK_STATE_DUPLEX_AUTO_NEGOTIATED;
    gen.SupportedOidList    = VnetSupportedOids;
    gen.SupportedOidListLength = sizeof(VnetSupportedOids);

    return NdisMSetMiniportAttributes(Adapter->MiniportAdapterHandle,
                                      (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
}

static
VOID
VnetFreeAdapter(
    _In_ PVNET_ADAPTER Adapter
    )
{
    if (Adapter->NblPool != NULL) {
        NdisFreeNetBufferListPool(Adapter->NblPool);
        Adapter->NblPool = NULL;
    }
    NdisFreeSpinLock(&Adapter->Lock);
    ExFreePoolWithTag(Adapter, VNET_POOL_TAG);
}

_Use_decl_annotations_
NDIS_STATUS
VnetInitializeEx(
    NDIS_HANDLE MiniportAdapterHandle,
    NDIS_HANDLE MiniportDriverContext,
    PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters
    )
{
    PVNET_ADAPTER                   adapter;
    NDIS_STATUS                     status;
    NET_BUFFER_LIST_POOL_PARAMETERS poolParams;

    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    if (g_Vnet.AdapterCount >= VNET_MAX_ADAPTERS) {
        return NDIS_STATUS_RESOURCES;
    }

    adapter = (PVNET_ADAPTER)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                             sizeof(VNET_ADAPTER),
                                             VNET_POOL_TAG);
    if (adapter == NULL) {
        return NDIS_STATUS_RESOURCES;
    }

    adapter->MiniportAdapterHandle = MiniportAdapterHandle;
    adapter->State = VnetAdapterInitializing;
    adapter->Mtu = g_Vnet.DefaultMtu;
    adapter->LookAhead = adapter->Mtu;
    NdisAllocateSpinLock(&adapter->Lock);
    NdisInitializeEvent(&adapter->SendsDrained);
    InitializeListHead(&adapter->Link);

    VnetMakeMacAddress(g_Vnet.AdapterCount, adapter->PermanentAddress);
    NdisMoveMemory(adapter->CurrentAddress, adapter->PermanentAddress, VNET_MAC_LENGTH);

    status = VnetSetRegistrationAttributes(adapter);
    if (status != NDIS_STATUS_SUCCESS) {
        goto Fail;
    }

    status = VnetSetGeneralAttributes(adapter);
    if (status != NDIS_STATUS_SUCCESS) {
        goto Fail;
    }

    NdisZeroMemory(&poolParams, sizeof(poolParams));
    poolParams.Header.Type      = NDIS_OBJECT_TYPE_DEFAULT;
    poolParams.Header.Revision  = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    poolParams.Header.Size      = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    poolParams.ProtocolId       = NDIS_PROTOCOL_ID_DEFAULT;
    poolParams.fAllocateNetBuffer = TRUE;
    poolParams.PoolTag          = VNET_POOL_TAG;
    poolParams.DataSize         = VNET_MAX_FRAME_SIZE;

    adapter->NblPool = NdisAllocateNetBufferListPool(MiniportAdapterHandle, &poolParams);
    if (adapter->NblPool == NULL) {
        status = NDIS_STATUS_RESOURCES;
        goto Fail;
    }

    adapter->State = VnetAdapterPaused;
    VnetInsertAdapter(adapter);
    return NDIS_STATUS_SUCCESS;

Fail:
    VNET_LOG(VNET_LOG_ERROR, "adapter init failed 0x%08x", status);
    VnetFreeAdapter(adapter);
    return status;
}

_Use_decl_annotations_
VOID
VnetHaltEx(
    NDIS_HANDLE MiniportAdapterContext,
    NDIS_HALT_ACTION HaltAction
    )
{
    PVNET_ADAPTER adapter = (PVNET_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(HaltAction);

    VnetRemoveAdapter(adapter);
    adapter->State = VnetAdapterHalted;
    VnetFreeAdapter(adapter);
}

_Use_decl_annotations_
NDIS_STATUS
VnetPause(
    NDIS_HANDLE MiniportAdapterContext,
    PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters
    )
{
    PVNET_ADAPTER adapter = (PVNET_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    NdisAcquireSpinLock(&adapter->Lock);
    adapter->State = VnetAdapterPausing;
    NdisResetEvent(&adapter->SendsDrained);
    NdisReleaseSpinLock(&adapter->Lock);

    if (adapter->PendingSends != 0) {
        NdisWaitEvent(&adapter->SendsDrained, 0);
    }

    adapter->State = VnetAdapterPaused;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
VnetRestart(
    NDIS_HANDLE MiniportAdapterContext,
    PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters
    )
{
    PVNET_ADAPTER adapter = (PVNET_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    adapter->State = VnetAdapterRunning;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
VnetShutdownEx(
    NDIS_HANDLE MiniportAdapterContext,
    NDIS_SHUTDOWN_ACTION ShutdownAction
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}

_Use_decl_annotations_
VOID
VnetDevicePnPEventNotify(
    NDIS_HANDLE MiniportAdapterContext,
    PNET_DEVICE_PNP_EVENT NetDevicePnPEvent
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    VNET_LOG(VNET_LOG_INFO, "PnP event %d", NetDevicePnPEvent->DevicePnPEvent);
}

_Use_decl_annotations_
NDIS_STATUS
VnetResetEx(
    NDIS_HANDLE MiniportAdapterContext,
    PBOOLEAN AddressingReset
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    *AddressingReset = FALSE;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
BOOLEAN
VnetCheckForHangEx(
    NDIS_HANDLE MiniportAdapterContext
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    return FALSE;
}
