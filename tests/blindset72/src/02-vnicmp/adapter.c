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
    OID_802_3_PERMANENT_ADDRESS,
    OID_802_3_CURRENT_ADDRESS,
    OID_802_3_MULTICAST_LIST,
    OID_802_3_MAXIMUM_LIST_SIZE,
};
ULONG g_VnicSupportedOidsSize = sizeof(g_VnicSupportedOids);

static const UCHAR s_BaseMac[VNIC_MAC_LEN] = { 0x02, 0x56, 0x4E, 0x49, 0x43, 0x00 };

static VOID
VnicLinkTimer(
    _In_ PVOID SystemSpecific1,
    _In_ PVOID FunctionContext,
    _In_ PVOID SystemSpecific2,
    _In_ PVOID SystemSpecific3)
{
    PVNIC_ADAPTER a = (PVNIC_ADAPTER)FunctionContext;
    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);
    VTRACE("link tick tx=%I64u\n", a->TxOk);
}

static NDIS_STATUS
VnicSetRegistration(PVNIC_ADAPTER a)
{
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES ra;

    NdisZeroMemory(&ra, sizeof(ra));
    ra.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    ra.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    ra.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    ra.MiniportAdapterContext   = (NDIS_HANDLE)a;
    ra.AttributeFlags           = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND |
                                  NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK;
    ra.CheckForHangTimeInSeconds = VNIC_CHECK_HANG_SECS;
    ra.InterfaceType            = NdisInterfaceInternal;

    return NdisMSetMiniportAttributes(a->MiniportHandle,
                                      (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&ra);
}

static NDIS_STATUS
VnicSetGeneral(PVNIC_ADAPTER a)
{
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES ga;

    NdisZeroMemory(&ga, sizeof(ga));
    ga.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    ga.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    ga.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;

    ga.MediaType          = NdisMedium802_3;
    ga.PhysicalMediumType = NdisPhysicalMediumUnspecified;
    ga.MtuSize            = VNIC_MTU;
    ga.MaxXmitLinkSpeed   = ga.XmitLinkSpeed = VNIC_LINK_SPEED;
    ga.MaxRcvLinkSpeed    = ga.RcvLinkSpeed  = VNIC_LINK_SPEED;
    ga.MediaConnectState  = MediaConnectStateConnected;
    ga.MediaDuplexState   = MediaDuplexStateFull;
    ga.LookaheadSize      = VNIC_MTU;
    ga.MacOptions         = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA |
                            NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
                            NDIS_MAC_OPTION_NO_LOOPBACK;
    ga.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST |
                                NDIS_PACKET_TYPE_BROADCAST | NDIS_PACKET_TYPE_PROMISCUOUS;
    ga.MaxMulticastListSize = 32;
    ga.MacAddressLength     = VNIC_MAC_LEN;
    NdisMoveMemory(ga.PermanentMacAddress, a->PermanentMac, VNIC_MAC_LEN);
    NdisMoveMemory(ga.CurrentMacAddress, a->CurrentMac, VNIC_MAC_LEN);
    ga.AccessType         = NET_IF_ACCESS_BROADCAST;
    ga.DirectionType      = NET_IF_DIRECTION_SENDRECEIVE;
    ga.ConnectionType     = NET_IF_CONNECTION_DEDICATED;
    ga.IfType             = IF_TYPE_ETHERNET_CSMACD;
    ga.IfConnectorPresent = FALSE;
    ga.SupportedStatistics = NDIS_STATISTICS_DIRECTED_FRAMES_XMIT_SUPPORTED;
    ga.SupportedPauseFunctions = NdisPauseFunctionsUnsupported;
    ga.SupportedOidList       = g_VnicSupportedOids;
    ga.SupportedOidListLength = g_VnicSupportedOidsSize;
    ga.AutoNegotiationFlags   = NDIS_LINK_STATE_DUPLEX_AUTO_NEGOTIATED;

    return NdisMSetMiniportAttributes(a->MiniportHandle,
                                      (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&ga);
}

NDIS_STATUS
VnicInitializeEx(
    _In_ NDIS_HANDLE NdisMiniportHandle,
    _In_ NDIS_HANDLE MiniportDriverContext,
    _In_ PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
    NDIS_STATUS status;
    PVNIC_ADAPTER a;
    NET_BUFFER_LIST_POOL_PARAMETERS pp;
    NDIS_TIMER_CHARACTERISTICS tc;

    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    a = (PVNIC_ADAPTER)NdisAllocateMemoryWithTagPriority(NdisMiniportHandle,
            sizeof(VNIC_ADAPTER), VNIC_POOL_TAG, NormalPoolPriority);
    if (!a)
        return NDIS_STATUS_RESOURCES;

    NdisZeroMemory(a, sizeof(*a));
    a->MiniportHandle = NdisMiniportHandle;
    a->Paused = TRUE;
    NdisMoveMemory(a->PermanentMac, s_BaseMac, VNIC_MAC_LEN);
    a->PermanentMac[5] = (UCHAR)(InterlockedIncrement((LONG*)&g_Vnic.AdapterCount) & 0xFF);
    NdisMoveMemory(a->CurrentMac, a->PermanentMac, VNIC_MAC_LEN);

    status = VnicSetRegistration(a);
    if (status != NDIS_STATUS_SUCCESS)
        goto err_free;

    status = VnicSetGeneral(a);
    if (status != NDIS_STATUS_SUCCESS)
        goto err_free;

    NdisZeroMemory(&pp, sizeof(pp));
    pp.Header.Type        = NDIS_OBJECT_TYPE_DEFAULT;
    pp.Header.Revision    = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    pp.Header.Size        = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    pp.ProtocolId         = NDIS_PROTOCOL_ID_DEFAULT;
    pp.fAllocateNetBuffer = TRUE;
    pp.PoolTag            = VNIC_POOL_TAG;

    a->NblPool = NdisAllocateNetBufferListPool(NdisMiniportHandle, &pp);
    if (a->NblPool == NULL) {
        VTRACE("nbl pool alloc failed\n");
        goto err_free;
    }

    NdisZeroMemory(&tc, sizeof(tc));
    tc.Header.Type     = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    tc.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    tc.Header.Size     = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    tc.AllocationTag   = VNIC_POOL_TAG;
    tc.TimerFunction   = VnicLinkTimer;
    tc.FunctionContext = a;

    status = NdisAllocateTimerObject(NdisMiniportHandle, &tc, &a->LinkTimer);
    if (status != NDIS_STATUS_SUCCESS)
        goto err_pool;

    VTRACE("adapter %p up\n", a);
    return NDIS_STATUS_SUCCESS;

err_pool:
    NdisFreeNetBufferListPool(a->NblPool);
err_free:
    InterlockedDecrement((LONG*)&g_Vnic.AdapterCount);
    NdisFreeMemory(a, 0, 0);
    return status;
}

VOID
VnicHaltEx(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ NDIS_HALT_ACTION HaltAction)
{
    PVNIC_ADAPTER a = (PVNIC_ADAPTER)MiniportAdapterContext;
    UNREFERENCED_PARAMETER(HaltAction);

    NdisCancelTimerObject(a->LinkTimer);
    NdisFreeTimerObject(a->LinkTimer);
    NdisFreeNetBufferListPool(a->NblPool);
    InterlockedDecrement((LONG*)&g_Vnic.AdapterCount);
    NdisFreeMemory(a, 0, 0);
}

NDIS_STATUS
VnicPause(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
    PVNIC_ADAPTER a = (PVNIC_ADAPTER)MiniportAdapterContext;
    UNREFERENCED_PARAMETER(PauseParameters);
    a->Paused = TRUE;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
VnicRestart(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
    PVNIC_ADAPTER a = (PVNIC_ADAPTER)MiniportAdapterContext;
    UNREFERENCED_PARAMETER(RestartParameters);
    a->Paused = FALSE;
    return NDIS_STATUS_SUCCESS;
}

VOID
VnicSendNbls(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ NDIS_PORT_NUMBER PortNumber,
    _In_ ULONG SendFlags)
{
    PVNIC_ADAPTER a = (PVNIC_ADAPTER)MiniportAdapterContext;
    PNET_BUFFER_LIST nbl;
    NDIS_STATUS st = a->Paused ? NDIS_STATUS_PAUSED : NDIS_STATUS_SUCCESS;
    UNREFERENCED_PARAMETER(PortNumber);

    for (nbl = NetBufferLists; nbl; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        NET_BUFFER_LIST_STATUS(nbl) = st;
        if (st == NDIS_STATUS_SUCCESS)
            a->TxOk++;
    }
    NdisMSendNetBufferListsComplete(a->MiniportHandle, NetBufferLists,
        NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

VOID
VnicReturnNbls(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ ULONG ReturnFlags)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReturnFlags);
}

VOID
VnicCancelSend(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ PVOID CancelId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}

NDIS_STATUS
VnicOidRequest(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ PNDIS_OID_REQUEST NdisRequest)
{
    PVNIC_ADAPTER a = (PVNIC_ADAPTER)MiniportAdapterContext;

    if (NdisRequest->RequestType == NdisRequestSetInformation &&
        NdisRequest->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_PACKET_FILTER &&
        NdisRequest->DATA.SET_INFORMATION.InformationBufferLength >= sizeof(ULONG)) {
        a->PacketFilter = *(PULONG)NdisRequest->DATA.SET_INFORMATION.InformationBuffer;
        NdisRequest->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
        return NDIS_STATUS_SUCCESS;
    }
    return NDIS_STATUS_NOT_SUPPORTED;
}
