/*
 * miniport.c - vnic adapter callbacks.
 */
#include "vnic.h"

static const NDIS_OID VnicSupportedOids[] = {
    OID_GEN_SUPPORTED_LIST,
    OID_GEN_HARDWARE_STATUS,
    OID_GEN_MEDIA_SUPPORTED,
    OID_GEN_MEDIA_IN_USE,
    OID_GEN_MAXIMUM_FRAME_SIZE,
    OID_GEN_CURRENT_PACKET_FILTER,
    OID_GEN_CURRENT_LOOKAHEAD,
    OID_GEN_VENDOR_DESCRIPTION,
    OID_802_3_PERMANENT_ADDRESS,
    OID_802_3_CURRENT_ADDRESS,
    OID_802_3_MULTICAST_LIST,
    OID_802_3_MAXIMUM_LIST_SIZE,
};

NDIS_STATUS
VnicSetOptions(
    _In_ NDIS_HANDLE NdisDriverHandle,
    _In_ NDIS_HANDLE DriverContext
    )
{
    UNREFERENCED_PARAMETER(NdisDriverHandle);
    UNREFERENCED_PARAMETER(DriverContext);
    return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS
VnicSetRegistrationAttributes(
    _In_ PVNIC_ADAPTER Adapter
    )
{
    NDIS_MINIPORT_ADAPTER_ATTRIBUTES attr;

    NdisZeroMemory(&attr, sizeof(attr));
    attr.RegistrationAttributes.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    attr.RegistrationAttributes.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    attr.RegistrationAttributes.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    attr.RegistrationAttributes.MiniportAdapterContext = Adapter;
    attr.RegistrationAttributes.AttributeFlags  = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;
    attr.RegistrationAttributes.CheckForHangTimeInSeconds = 4;
    attr.RegistrationAttributes.InterfaceType   = NdisInterfaceInternal;

    return NdisMSetMiniportAttributes(Adapter->AdapterHandle, &attr);
}

static NDIS_STATUS
VnicSetGeneralAttributes(
    _In_ PVNIC_ADAPTER Adapter
    )
{
    NDIS_MINIPORT_ADAPTER_ATTRIBUTES attr;
    PNDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen = &attr.GeneralAttributes;

    NdisZeroMemory(&attr, sizeof(attr));
    gen->Header.Type        = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    gen->Header.Revision    = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen->Header.Size        = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen->MediaType          = NdisMedium802_3;
    gen->PhysicalMediumType = NdisPhysicalMediumUnspecified;
    gen->MtuSize            = VNIC_MAX_FRAME_SIZE - VNIC_HEADER_SIZE;
    gen->MaxXmitLinkSpeed   = VNIC_LINK_SPEED;
    gen->MaxRcvLinkSpeed    = VNIC_LINK_SPEED;
    gen->XmitLinkSpeed      = VNIC_LINK_SPEED;
    gen->RcvLinkSpeed       = VNIC_LINK_SPEED;
    gen->MediaConnectState  = MediaConnectStateConnected;
    gen->MediaDuplexState   = MediaDuplexStateFull;
    gen->LookaheadSize      = VNIC_MAX_LOOKAHEAD;
    gen->MacAddressLength   = 6;
    gen->MaxMulticastListSize = 32;
    gen->AccessType         = NET_IF_ACCESS_BROADCAST;
    gen->DirectionType      = NET_IF_DIRECTION_SENDRECEIVE;
    gen->ConnectionType     = NET_IF_CONNECTION_DEDICATED;
    gen->IfType             = IF_TYPE_ETHERNET_CSMACD;
    gen->IfConnectorPresent = FALSE;
    gen->SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST |
                                  NDIS_PACKET_TYPE_MULTICAST | NDIS_PACKET_TYPE_PROMISCUOUS;
    gen->SupportedOidList       = (PNDIS_OID)VnicSupportedOids;
    gen->SupportedOidListLength = sizeof(VnicSupportedOids);
    NdisMoveMemory(gen->PermanentMacAddress, Adapter->PermanentAddress, 6);
    NdisMoveMemory(gen->CurrentMacAddress, Adapter->CurrentAddress, 6);

    return NdisMSetMiniportAttributes(Adapter->AdapterHandle, &attr);
}

NDIS_STATUS
VnicInitializeEx(
    _In_ NDIS_HANDLE                        MiniportAdapterHandle,
    _In_ NDIS_HANDLE                        MiniportDriverContext,
    _In_ PNDIS_MINIPORT_INIT_PARAMETERS     InitParameters
    )
{
    PVNIC_GLOBALS globals = (PVNIC_GLOBALS)MiniportDriverContext;
    PVNIC_ADAPTER adapter;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(InitParameters);

    adapter = NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*adapter),
                                                VNIC_TAG, NormalPoolPriority);
    if (adapter == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(adapter, sizeof(*adapter));
    adapter->AdapterHandle = MiniportAdapterHandle;
    NdisAllocateSpinLock(&adapter->Lock);

    /* locally administered address, last byte = adapter ordinal */
    adapter->PermanentAddress[0] = 0x02;
    adapter->PermanentAddress[1] = 0x56;
    adapter->PermanentAddress[2] = 0x4E;
    adapter->PermanentAddress[5] = (UCHAR)globals->AdapterCount;
    NdisMoveMemory(adapter->CurrentAddress, adapter->PermanentAddress, 6);
    adapter->Paused = TRUE;

    status = VnicSetRegistrationAttributes(adapter);
    if (status == NDIS_STATUS_SUCCESS) {
        status = VnicSetGeneralAttributes(adapter);
    }
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeSpinLock(&adapter->Lock);
        NdisFreeMemory(adapter, 0, 0);
        return status;
    }

    NdisAcquireSpinLock(&globals->Lock);
    InsertTailList(&globals->AdapterList, &adapter->Link);
    globals->AdapterCount++;
    NdisReleaseSpinLock(&globals->Lock);

    return NDIS_STATUS_SUCCESS;
}

VOID
VnicHaltEx(
    _In_ NDIS_HANDLE        MiniportAdapterContext,
    _In_ NDIS_HALT_ACTION   HaltAction
    )
{
    PVNIC_ADAPTER adapter = (PVNIC_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(HaltAction);

    NdisAcquireSpinLock(&VnicGlobals.Lock);
    RemoveEntryList(&adapter->Link);
    VnicGlobals.AdapterCount--;
    NdisReleaseSpinLock(&VnicGlobals.Lock);

    NdisFreeSpinLock(&adapter->Lock);
    NdisFreeMemory(adapter, 0, 0);
}

NDIS_STATUS
VnicPause(
    _In_ NDIS_HANDLE                        MiniportAdapterContext,
    _In_ PNDIS_MINIPORT_PAUSE_PARAMETERS    PauseParameters
    )
{
    PVNIC_ADAPTER adapter = (PVNIC_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(PauseParameters);
    adapter->Paused = TRUE;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
VnicRestart(
    _In_ NDIS_HANDLE                        MiniportAdapterContext,
    _In_ PNDIS_MINIPORT_RESTART_PARAMETERS  RestartParameters
    )
{
    PVNIC_ADAPTER adapter = (PVNIC_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(RestartParameters);
    adapter->Paused = FALSE;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
VnicOidRequest(
    _In_ NDIS_HANDLE        MiniportAdapterContext,
    _In_ PNDIS_OID_REQUEST  NdisRequest
    )
{
    PVNIC_ADAPTER adapter = (PVNIC_ADAPTER)MiniportAdapterContext;

    if (NdisRequest->RequestType == NdisRequestSetInformation &&
        NdisRequest->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_PACKET_FILTER &&
        NdisRequest->DATA.SET_INFORMATION.InformationBufferLength >= sizeof(ULONG)) {
        adapter->PacketFilter = *(PULONG)NdisRequest->DATA.SET_INFORMATION.InformationBuffer;
        NdisRequest->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
        return NDIS_STATUS_SUCCESS;
    }
    return NDIS_STATUS_NOT_SUPPORTED;
}

VOID
VnicCancelOidRequest(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ PVOID       RequestId
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}

VOID
VnicSendNetBufferLists(
    _In_ NDIS_HANDLE        MiniportAdapterContext,
    _In_ PNET_BUFFER_LIST   NetBufferLists,
    _In_ NDIS_PORT_NUMBER   PortNumber,
    _In_ ULONG              SendFlags
    )
{
    PVNIC_ADAPTER adapter = (PVNIC_ADAPTER)MiniportAdapterContext;
    PNET_BUFFER_LIST nbl;

    UNREFERENCED_PARAMETER(PortNumber);

    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        NET_BUFFER_LIST_STATUS(nbl) = adapter->Paused ? NDIS_STATUS_PAUSED : NDIS_STATUS_SUCCESS;
        adapter->FramesSent++;
    }

    NdisMSendNetBufferListsComplete(adapter->AdapterHandle, NetBufferLists,
        NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

VOID
VnicReturnNetBufferLists(
    _In_ NDIS_HANDLE      MiniportAdapterContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ ULONG            ReturnFlags
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReturnFlags);
}

VOID
VnicCancelSend(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ PVOID       CancelId
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}

BOOLEAN
VnicCheckForHangEx(
    _In_ NDIS_HANDLE MiniportAdapterContext
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    return FALSE;
}

NDIS_STATUS
VnicResetEx(
    _In_  NDIS_HANDLE MiniportAdapterContext,
    _Out_ PBOOLEAN    AddressingReset
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    *AddressingReset = FALSE;
    return NDIS_STATUS_SUCCESS;
}

VOID
VnicDevicePnpEventNotify(
    _In_ NDIS_HANDLE              MiniportAdapterContext,
    _In_ PNET_DEVICE_PNP_EVENT    NetDevicePnPEvent
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

VOID
VnicShutdownEx(
    _In_ NDIS_HANDLE          MiniportAdapterContext,
    _In_ NDIS_SHUTDOWN_ACTION ShutdownAction
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}
