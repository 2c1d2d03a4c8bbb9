#include "miniport.h"

static NDIS_OID MpSupportedOids[] = {
    OID_GEN_SUPPORTED_LIST, OID_GEN_HARDWARE_STATUS, OID_GEN_CURRENT_PACKET_FILTER,
    OID_GEN_CURRENT_LOOKAHEAD, OID_GEN_XMIT_OK, OID_802_3_PERMANENT_ADDRESS,
    OID_802_3_CURRENT_ADDRESS, OID_802_3_MULTICAST_LIST,
};

static NDIS_STATUS
MpSetAttributes(
    _In_ PMP_ADAPTER Adapter
    )
{
    NDIS_STATUS status;
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;

    NdisZeroMemory(&reg, sizeof(reg));
    reg.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    reg.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    reg.MiniportAdapterContext = Adapter;
    reg.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;
    reg.InterfaceType = NdisInterfaceInternal;

    status = NdisMSetMiniportAttributes(Adapter->MiniportHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
    if (status != NDIS_STATUS_SUCCESS) {
        return status;
    }

    NdisZeroMemory(&gen, sizeof(gen));
    gen.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen.MediaType = NdisMedium802_3;
    gen.PhysicalMediumType = NdisPhysicalMediumUnspecified;
    gen.MtuSize = MP_MTU;
    gen.MaxXmitLinkSpeed = gen.XmitLinkSpeed = MP_LINK_SPEED;
    gen.MaxRcvLinkSpeed = gen.RcvLinkSpeed = MP_LINK_SPEED;
    gen.MediaConnectState = MediaConnectStateConnected;
    gen.MediaDuplexState = MediaDuplexStateFull;
    gen.LookaheadSize = MP_MTU;
    gen.MacOptions = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA | NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
                     NDIS_MAC_OPTION_NO_LOOPBACK;
    gen.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST |
                                 NDIS_PACKET_TYPE_BROADCAST;
    gen.MaxMulticastListSize = 32;
    gen.MacAddressLength = ETH_LENGTH_OF_ADDRESS;
    NdisMoveMemory(gen.PermanentMacAddress, Adapter->MacAddress, ETH_LENGTH_OF_ADDRESS);
    NdisMoveMemory(gen.CurrentMacAddress, Adapter->MacAddress, ETH_LENGTH_OF_ADDRESS);
    gen.AccessType = NET_IF_ACCESS_BROADCAST;
    gen.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
    gen.ConnectionType = NET_IF_CONNECTION_DEDICATED;
    gen.IfType = IF_TYPE_ETHERNET_CSMACD;
    gen.SupportedStatistics = NDIS_STATISTICS_XMIT_OK_SUPPORTED;
    gen.SupportedPauseFunctions = NdisPauseFunctionsUnsupported;
    gen.AutoNegotiationFlags = NDIS_LINK_STATE_DUPLEX_AUTO_NEGOTIATED;
    gen.SupportedOidList = MpSupportedOids;
    gen.SupportedOidListLength = sizeof(MpSupportedOids);

    return NdisMSetMiniportAttributes(Adapter->MiniportHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
}

_Use_decl_annotations_
NDIS_STATUS
MpInitializeEx(
    NDIS_HANDLE NdisMiniportHandle,
    NDIS_HANDLE MiniportDriverContext,
    PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters
    )
{
    PMP_GLOBALS globals = (PMP_GLOBALS)MiniportDriverContext;
    PMP_ADAPTER adapter;
    NDIS_STATUS status;
    ULONG index;
    ULONG maxAdapters;

    UNREFERENCED_PARAMETER(MiniportInitParameters);

    maxAdapters = MpQueryMaxAdapters();

    adapter = NdisAllocateMemoryWithTagPriority(NdisMiniportHandle, sizeof(MP_ADAPTER),
                                                MP_TAG, NormalPoolPriority);
    if (adapter == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(adapter, sizeof(MP_ADAPTER));
    adapter->MiniportHandle = NdisMiniportHandle;
    adapter->State = MpStatePaused;

    NdisAcquireSpinLock(&globals->Lock);
    globals->MaxAdapters = maxAdapters;
    if (globals->AdapterCount >= globals->MaxAdapters) {
        NdisReleaseSpinLock(&globals->Lock);
        NdisFreeMemory(adapter, 0, 0);
        return NDIS_STATUS_RESOURCES;
    }
    index = globals->AdapterCount++;
    InsertTailList(&globals->AdapterList, &adapter->Link);
    NdisReleaseSpinLock(&globals->Lock);

    /* locally administered 02-56-4D-00-00-<n> */
    adapter->MacAddress[0] = 0x02; adapter->MacAddress[1] = 0x56;
    adapter->MacAddress[2] = 0x4D; adapter->MacAddress[5] = (UCHAR)index;

    status = MpSetAttributes(adapter);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisAcquireSpinLock(&globals->Lock);
        RemoveEntryList(&adapter->Link);
        globals->AdapterCount--;
        NdisReleaseSpinLock(&globals->Lock);
        NdisFreeMemory(adapter, 0, 0);
    }
    return status;
}

_Use_decl_annotations_
VOID
MpHaltEx(
    NDIS_HANDLE MiniportAdapterContext,
    NDIS_HALT_ACTION HaltAction
    )
{
    PMP_ADAPTER adapter = (PMP_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(HaltAction);

    NdisAcquireSpinLock(&g_Mp.Lock);
    RemoveEntryList(&adapter->Link);
    g_Mp.AdapterCount--;
    NdisReleaseSpinLock(&g_Mp.Lock);

    NdisFreeMemory(adapter, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS
MpPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters)
{
    UNREFERENCED_PARAMETER(PauseParameters);
    ((PMP_ADAPTER)MiniportAdapterContext)->State = MpStatePaused;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
MpRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters)
{
    UNREFERENCED_PARAMETER(RestartParameters);
    ((PMP_ADAPTER)MiniportAdapterContext)->State = MpStateRunning;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
MpOidRequest(
    NDIS_HANDLE MiniportAdapterContext,
    PNDIS_OID_REQUEST OidRequest
    )
{
    PMP_ADAPTER adapter = (PMP_ADAPTER)MiniportAdapterContext;
    struct _SET *set = &OidRequest->DATA.SET_INFORMATION;

    if (OidRequest->RequestType != NdisRequestSetInformation ||
        set->Oid != OID_GEN_CURRENT_PACKET_FILTER) {
        return NDIS_STATUS_NOT_SUPPORTED;
    }
    if (set->InformationBufferLength < sizeof(ULONG)) {
        set->BytesNeeded = sizeof(ULONG);
        return NDIS_STATUS_INVALID_LENGTH;
    }
    adapter->PacketFilter = *(PULONG)set->InformationBuffer;
    set->BytesRead = sizeof(ULONG);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
MpSendNetBufferLists(
    NDIS_HANDLE MiniportAdapterContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG SendFlags
    )
{
    PMP_ADAPTER adapter = (PMP_ADAPTER)MiniportAdapterContext;
    NDIS_STATUS status = (adapter->State == MpStateRunning) ? NDIS_STATUS_SUCCESS : NDIS_STATUS_PAUSED;
    PNET_BUFFER_LIST nbl;

    UNREFERENCED_PARAMETER(PortNumber);

    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        NET_BUFFER_LIST_STATUS(nbl) = status;
        if (status == NDIS_STATUS_SUCCESS) {
            InterlockedIncrement64(&adapter->TxFrames);
        }
    }

    NdisMSendNetBufferListsComplete(adapter->MiniportHandle, NetBufferLists,
        NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

/* no receive path, no pended sends/OIDs: the remaining handlers are no-ops */

_Use_decl_annotations_
VOID MpReturnNetBufferLists(NDIS_HANDLE Ctx, PNET_BUFFER_LIST Nbls, ULONG Flags)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(Nbls); UNREFERENCED_PARAMETER(Flags); }

_Use_decl_annotations_
VOID MpCancelSend(NDIS_HANDLE Ctx, PVOID CancelId)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(CancelId); }

_Use_decl_annotations_
VOID MpDevicePnPEventNotify(NDIS_HANDLE Ctx, PNET_DEVICE_PNP_EVENT Event)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(Event); }

_Use_decl_annotations_
VOID MpShutdownEx(NDIS_HANDLE Ctx, NDIS_SHUTDOWN_ACTION Action)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(Action); }

_Use_decl_annotations_
VOID MpCancelOidRequest(NDIS_HANDLE Ctx, PVOID RequestId)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(RequestId); }
