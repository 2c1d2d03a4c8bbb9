/* adapter.c - per-adapter init/halt and the data path. */
#include "vminiport.h"

static NDIS_STATUS
VmpAllocEcho(_Inout_ PVMP_ADAPTER Adapter)
{
    NET_BUFFER_LIST_POOL_PARAMETERS pp;

    NdisZeroMemory(&pp, sizeof(pp));
    pp.Header.Type        = NDIS_OBJECT_TYPE_DEFAULT;
    pp.Header.Revision    = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    pp.Header.Size        = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    pp.ProtocolId         = NDIS_PROTOCOL_ID_DEFAULT;
    pp.fAllocateNetBuffer = TRUE;
    pp.PoolTag            = VMP_TAG;

    Adapter->RecvNblPool = NdisAllocateNetBufferListPool(Adapter->MiniportHandle, &pp);
    if (Adapter->RecvNblPool == NULL) {
        return NDIS_STATUS_RESOURCES;
    }

    Adapter->EchoFrame = (PUCHAR)NdisAllocateMemoryWithTagPriority(Adapter->MiniportHandle, 60,
                                                                   VMP_TAG, NormalPoolPriority);
    if (Adapter->EchoFrame == NULL) {
        return NDIS_STATUS_RESOURCES;
    }

    /* broadcast, from us, ethertype 0x88B5 (local experimental), zero payload */
    NdisZeroMemory(Adapter->EchoFrame, 60);
    NdisFillMemory(Adapter->EchoFrame, 6, 0xFF);
    NdisMoveMemory(Adapter->EchoFrame + 6, Adapter->MacAddress, 6);
    Adapter->EchoFrame[12] = 0x88; Adapter->EchoFrame[13] = 0xB5;

    Adapter->EchoMdl = NdisAllocateMdl(Adapter->MiniportHandle, Adapter->EchoFrame, 60);
    if (Adapter->EchoMdl == NULL) {
        return NDIS_STATUS_RESOURCES;
    }

    Adapter->EchoNbl = NdisAllocateNetBufferAndNetBufferList(Adapter->RecvNblPool, 0, 0,
                                                             Adapter->EchoMdl, 0, 60);
    if (Adapter->EchoNbl == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    Adapter->EchoNbl->SourceHandle = Adapter->MiniportHandle;
    return NDIS_STATUS_SUCCESS;
}

/* safe on a half-built adapter */
static VOID
VmpFreeAdapter(_In_ PVMP_ADAPTER Adapter)
{
    if (Adapter->EchoNbl != NULL) {
        NdisFreeNetBufferList(Adapter->EchoNbl);
    }
    if (Adapter->EchoMdl != NULL) {
        NdisFreeMdl(Adapter->EchoMdl);
    }
    if (Adapter->EchoFrame != NULL) {
        NdisFreeMemory(Adapter->EchoFrame, 0, 0);
    }
    if (Adapter->RecvNblPool != NULL) {
        NdisFreeNetBufferPool(Adapter->RecvNblPool);
    }
    NdisFreeMemory(Adapter, 0, 0);
}

NDIS_STATUS
VmpInitializeEx(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ NDIS_HANDLE MiniportDriverContext,
    _In_ PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters
    )
{
    PVMP_GLOBALS    globals = (PVMP_GLOBALS)MiniportDriverContext;
    PVMP_ADAPTER    adapter;
    NDIS_STATUS     status;
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES   reg;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES        gen;

    UNREFERENCED_PARAMETER(MiniportInitParameters);
    TraceEnter(DBG_INIT);

    adapter = (PVMP_ADAPTER)NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle,
                                                              sizeof(VMP_ADAPTER),
                                                              VMP_TAG, NormalPoolPriority);
    if (adapter == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(adapter, sizeof(*adapter));
    adapter->MiniportHandle = MiniportAdapterHandle;
    adapter->State = VmpInitializing;
    adapter->EchoMode = VMP_ECHO_MODE_DEFAULT;

    /* 02-56-4D-50-00-nn, locally administered */
    NdisMoveMemory(adapter->MacAddress, "\x02\x56\x4D\x50\x00", 5);
    adapter->MacAddress[5] = (UCHAR)InterlockedIncrement((volatile LONG *)&globals->NextMacSuffix);

    NdisZeroMemory(&reg, sizeof(reg));
    reg.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    reg.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    reg.MiniportAdapterContext = (NDIS_HANDLE)adapter;
    reg.AttributeFlags  = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND |
                          NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK;
    reg.InterfaceType   = NdisInterfaceInternal;

    status = NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
    if (status != NDIS_STATUS_SUCCESS) {
        goto fail;
    }

    NdisZeroMemory(&gen, sizeof(gen));
    gen.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen.MediaType           = NdisMedium802_3;
    gen.MtuSize             = VMP_MTU;
    gen.MaxXmitLinkSpeed = gen.XmitLinkSpeed = VMP_LINK_SPEED;
    gen.MaxRcvLinkSpeed  = gen.RcvLinkSpeed  = VMP_LINK_SPEED;
    gen.MediaConnectState   = MediaConnectStateConnected;
    gen.MediaDuplexState    = MediaDuplexStateFull;
    gen.LookaheadSize       = VMP_FRAME_MAX;
    gen.MacOptions          = NDIS_MAC_OPTION_NO_LOOPBACK | NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA;
    gen.SupportedPacketFilters = VMP_SUPPORTED_FILTERS;
    gen.MaxMulticastListSize = VMP_MAX_MCAST;
    gen.MacAddressLength    = 6;
    NdisMoveMemory(gen.PermanentMacAddress, adapter->MacAddress, 6);
    NdisMoveMemory(gen.CurrentMacAddress, adapter->MacAddress, 6);
    gen.AccessType          = NET_IF_ACCESS_BROADCAST;
    gen.DirectionType       = NET_IF_DIRECTION_SENDRECEIVE;
    gen.ConnectionType      = NET_IF_CONNECTION_DEDICATED;
    gen.IfType              = IF_TYPE_ETHERNET_CSMACD;
    gen.SupportedStatistics = NDIS_STATISTICS_XMIT_OK_SUPPORTED | NDIS_STATISTICS_RCV_OK_SUPPORTED;
    gen.SupportedPauseFunctions = NdisPauseFunctionsUnsupported;
    gen.SupportedOidList    = VmpOidList;
    gen.SupportedOidListLength = VmpOidListSize;

    status = NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
    if (status != NDIS_STATUS_SUCCESS) {
        goto fail;
    }

    status = VmpAllocEcho(adapter);
    if (status != NDIS_STATUS_SUCCESS) {
        goto fail;
    }

    NdisAcquireSpinLock(&globals->Lock);
    InsertTailList(&globals->AdapterList, &adapter->Link);
    globals->AdapterCount++;
    NdisReleaseSpinLock(&globals->Lock);

    adapter->State = VmpPaused;
    TraceExit(DBG_INIT, status);
    return NDIS_STATUS_SUCCESS;

fail:
    TraceEvents(VMP_LVL_ERROR, DBG_INIT, "init failed 0x%08X", status);
    VmpFreeAdapter(adapter);
    return status;
}

VOID
VmpHaltEx(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ NDIS_HALT_ACTION HaltAction
    )
{
    PVMP_ADAPTER adapter = (PVMP_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(HaltAction);
    TraceEvents(VMP_LVL_INFO, DBG_PNP, "halt tx=%I64d rx=%I64d", adapter->FramesTx, adapter->FramesRx);

    NdisAcquireSpinLock(&g_Vmp.Lock);
    RemoveEntryList(&adapter->Link);
    g_Vmp.AdapterCount--;
    NdisReleaseSpinLock(&g_Vmp.Lock);

    adapter->State = VmpHalted;
    VmpFreeAdapter(adapter);
}

NDIS_STATUS
VmpPause(_In_ NDIS_HANDLE MiniportAdapterContext, _In_ PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
    UNREFERENCED_PARAMETER(PauseParameters);
    ((PVMP_ADAPTER)MiniportAdapterContext)->State = VmpPaused;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
VmpRestart(_In_ NDIS_HANDLE MiniportAdapterContext, _In_ PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
    UNREFERENCED_PARAMETER(RestartParameters);
    ((PVMP_ADAPTER)MiniportAdapterContext)->State = VmpRunning;
    return NDIS_STATUS_SUCCESS;
}

VOID
VmpSendNbls(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ NDIS_PORT_NUMBER PortNumber,
    _In_ ULONG SendFlags
    )
{
    PVMP_ADAPTER        adapter = (PVMP_ADAPTER)MiniportAdapterContext;
    PNET_BUFFER_LIST    nbl;
    NDIS_STATUS         st = (adapter->State == VmpRunning) ? NDIS_STATUS_SUCCESS : NDIS_STATUS_PAUSED;
    BOOLEAN             atDispatch = NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags);
    ULONG               count = 0;

    UNREFERENCED_PARAMETER(PortNumber);

    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        NET_BUFFER_LIST_STATUS(nbl) = st;
        count++;
    }

    NdisMSendNetBufferListsComplete(adapter->MiniportHandle, NetBufferLists,
                                    atDispatch ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);

    if (st != NDIS_STATUS_SUCCESS) {
        return;
    }
    InterlockedAdd64(&adapter->FramesTx, count);

    if (adapter->EchoMode && (adapter->PacketFilter & NDIS_PACKET_TYPE_BROADCAST) &&
        InterlockedCompareExchange(&adapter->EchoBusy, 1, 0) == 0) {
        /* RESOURCES: we keep ownership, no ReturnNetBufferLists for this one */
        NdisMIndicateReceiveNetBufferLists(adapter->MiniportHandle, adapter->EchoNbl,
                                           NDIS_DEFAULT_PORT_NUMBER, 1,
                                           NDIS_RECEIVE_FLAGS_RESOURCES |
                                           (atDispatch ? NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL : 0));
        InterlockedExchange(&adapter->EchoBusy, 0);
        InterlockedIncrement64(&adapter->FramesRx);
    }
}

VOID
VmpReturnNbls(_In_ NDIS_HANDLE MiniportAdapterContext, _In_ PNET_BUFFER_LIST NetBufferLists, _In_ ULONG ReturnFlags)
{
    /* only ever indicate with NDIS_RECEIVE_FLAGS_RESOURCES */
    UNREFERENCED_PARAMETER(MiniportAdapterContext); UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReturnFlags);
}
