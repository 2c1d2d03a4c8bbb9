#include "vnic.h"

NDIS_STATUS
VnicInitializeEx(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
                 PNDIS_MINIPORT_INIT_PARAMETERS InitParameters)
{
    PVNIC_ADAPTER adapter;
    NDIS_STATUS status;
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;
    LONG index;

    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(InitParameters);

    adapter = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*adapter),
                                                VNIC_TAG, NormalPoolPriority);
    if (adapter == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(adapter, sizeof(*adapter));
    adapter->AdapterHandle = MiniportAdapterHandle;
    adapter->State = VnicStateInitializing;

    // locally administered MAC, last byte = adapter index
    index = InterlockedIncrement(&g_Vnic.AdapterCount);
    adapter->PermanentAddress[0] = 0x02;
    adapter->PermanentAddress[1] = 0x56;
    adapter->PermanentAddress[2] = 0x4E;
    adapter->PermanentAddress[3] = 0x49;
    adapter->PermanentAddress[4] = 0x43;
    adapter->PermanentAddress[5] = (UCHAR)index;
    NdisMoveMemory(adapter->CurrentAddress, adapter->PermanentAddress, ETH_LENGTH_OF_ADDRESS);

    NdisZeroMemory(&reg, sizeof(reg));
    reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    reg.MiniportAdapterContext = adapter;
    reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_NDIS_WDM | NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;
    reg.CheckForHangTimeInSeconds = 0;
    reg.InterfaceType = NdisInterfaceInternal;

    status = NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemory(adapter, 0, 0);
        return status;
    }

    NdisZeroMemory(&gen, sizeof(gen));
    gen.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen.MediaType = NdisMedium802_3;
    gen.PhysicalMediumType = NdisPhysicalMediumUnspecified;
    gen.MtuSize = VNIC_MTU;
    gen.MaxXmitLinkSpeed = VNIC_LINK_SPEED;
    gen.XmitLinkSpeed = VNIC_LINK_SPEED;
    gen.MaxRcvLinkSpeed = VNIC_LINK_SPEED;
    gen.RcvLinkSpeed = VNIC_LINK_SPEED;
    gen.MediaConnectState = MediaConnectStateConnected;
    gen.MediaDuplexState = MediaDuplexStateFull;
    gen.LookaheadSize = VNIC_MTU;
    gen.MacOptions = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA | NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
                     NDIS_MAC_OPTION_NO_LOOPBACK;
    gen.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST |
                                 NDIS_PACKET_TYPE_BROADCAST | NDIS_PACKET_TYPE_PROMISCUOUS;
    gen.MaxMulticastListSize = VNIC_MAX_MULTICAST;
    gen.MacAddressLength = ETH_LENGTH_OF_ADDRESS;
    NdisMoveMemory(gen.PermanentMacAddress, adapter->PermanentAddress, ETH_LENGTH_OF_ADDRESS);
    NdisMoveMemory(gen.CurrentMacAddress, adapter->CurrentAddress, ETH_LENGTH_OF_ADDRESS);
    gen.RecvScaleCapabilities = NULL;
    gen.AccessType = NET_IF_ACCESS_BROADCAST;
    gen.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
    gen.ConnectionType = NET_IF_CONNECTION_DEDICATED;
    gen.IfType = IF_TYPE_ETHERNET_CSMACD;
    gen.IfConnectorPresent = FALSE;
    gen.SupportedStatistics = NDIS_STATISTICS_XMIT_OK_SUPPORTED;
    gen.SupportedOidList = g_VnicSupportedOids;
    gen.SupportedOidListLength = g_VnicSupportedOidCount * sizeof(NDIS_OID);

    status = NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemory(adapter, 0, 0);
        return status;
    }

    adapter->State = VnicStatePaused;
    VLOG("adapter %ld initialized", index);
    return NDIS_STATUS_SUCCESS;
}

VOID
VnicHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    PVNIC_ADAPTER adapter = (PVNIC_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(HaltAction);
    adapter->State = VnicStateHalted;
    VLOG("halt: %llu frames eaten", adapter->FramesSent);
    NdisFreeMemory(adapter, 0, 0);
}

VOID
VnicDriverUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    NdisMDeregisterMiniportDriver(g_Vnic.MiniportDriverHandle);
    g_Vnic.MiniportDriverHandle = NULL;
    VLOG("driver unloaded");
}

NDIS_STATUS
VnicPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS Params)
{
    UNREFERENCED_PARAMETER(Params);
    ((PVNIC_ADAPTER)MiniportAdapterContext)->State = VnicStatePaused;
    return NDIS_STATUS_SUCCESS;     // nothing in flight: sends complete synchronously
}

NDIS_STATUS
VnicRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS Params)
{
    UNREFERENCED_PARAMETER(Params);
    ((PVNIC_ADAPTER)MiniportAdapterContext)->State = VnicStateRunning;
    return NDIS_STATUS_SUCCESS;
}

VOID
VnicSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists,
                       NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    PVNIC_ADAPTER adapter = (PVNIC_ADAPTER)MiniportAdapterContext;
    PNET_BUFFER_LIST nbl;
    NDIS_STATUS result;
    ULONG completeFlags = 0;

    UNREFERENCED_PARAMETER(PortNumber);

    result = (adapter->State == VnicStateRunning) ? NDIS_STATUS_SUCCESS : NDIS_STATUS_PAUSED;
    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        NET_BUFFER_LIST_STATUS(nbl) = result;
        if (result == NDIS_STATUS_SUCCESS) {
            adapter->FramesSent++;
        } else {
            adapter->FramesDropped++;
        }
    }
    if (NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags)) {
        completeFlags |= NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL;
    }
    NdisMSendNetBufferListsComplete(adapter->AdapterHandle, NetBufferLists, completeFlags);
}

VOID
VnicReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
    // never indicates receives, so nothing comes back
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReturnFlags);
}

VOID
VnicCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}

VOID
VnicDevicePnpEvent(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    VLOG("pnp event %d", (int)NetDevicePnPEvent->DevicePnPEvent);
}

VOID
VnicShutdownEx(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}

NDIS_STATUS
VnicResetEx(NDIS_HANDLE MiniportAdapterContext, PBOOLEAN AddressingReset)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    *AddressingReset = FALSE;
    return NDIS_STATUS_SUCCESS;
}

BOOLEAN
VnicCheckForHangEx(NDIS_HANDLE MiniportAdapterContext)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    return FALSE;
}
