/* adapter.c - per-adapter miniport handlers.  The user-facing control path
 * (tapcore/ctl.c) takes its own adapter references, hence the refcount. */
#include "tapvif.h"

static NDIS_OID tap_oids[] = {
    OID_GEN_SUPPORTED_LIST,
    OID_GEN_HARDWARE_STATUS,        OID_GEN_MEDIA_SUPPORTED,
    OID_GEN_MEDIA_IN_USE,           OID_GEN_MAXIMUM_FRAME_SIZE,
    OID_GEN_CURRENT_PACKET_FILTER,  OID_GEN_CURRENT_LOOKAHEAD,
    OID_802_3_PERMANENT_ADDRESS,    OID_802_3_CURRENT_ADDRESS,
    OID_802_3_MULTICAST_LIST,       OID_802_3_MAXIMUM_LIST_SIZE,
};

static void tap_adapter_put(PTAP_ADAPTER a)
{
    if (os_atomic_dec(&a->RefCount) == 0)
        os_free(a);
}

_Use_decl_annotations_
NDIS_STATUS TapInitializeEx(NDIS_HANDLE MiniportAdapterHandle,
                            NDIS_HANDLE MiniportDriverContext,
                            PNDIS_MINIPORT_INIT_PARAMETERS InitParameters)
{
    NDIS_STATUS status;
    PTAP_ADAPTER a;
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(InitParameters);

    a = os_zalloc(sizeof(*a));
    if (a == NULL)
        return NDIS_STATUS_RESOURCES;
    a->RefCount = 1;
    a->MiniportHandle = MiniportAdapterHandle;
    a->Paused = TRUE;
    /* locally administered, last byte from the instance counter */
    a->MacAddress[0] = 0x02; a->MacAddress[1] = 0x54; a->MacAddress[5] = (UCHAR)(g_tap.AdapterCount + 1);

    NdisZeroMemory(&reg, sizeof(reg));
    reg.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    reg.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    reg.MiniportAdapterContext = a;
    reg.AttributeFlags  = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND | NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK;
    reg.InterfaceType   = NdisInterfaceInternal;
    status = NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
    if (status != NDIS_STATUS_SUCCESS)
        goto fail;

    NdisZeroMemory(&gen, sizeof(gen));
    gen.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen.MediaType           = NdisMedium802_3;
    gen.PhysicalMediumType  = NdisPhysicalMediumUnspecified;
    gen.MtuSize             = TAP_MTU;
    gen.MaxXmitLinkSpeed = gen.XmitLinkSpeed = TAP_LINK_SPEED;
    gen.MaxRcvLinkSpeed  = gen.RcvLinkSpeed  = TAP_LINK_SPEED;
    gen.MediaConnectState   = MediaConnectStateConnected;
    gen.MediaDuplexState    = MediaDuplexStateFull;
    gen.LookaheadSize       = TAP_MTU;
    gen.MacOptions          = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA | NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
                              NDIS_MAC_OPTION_NO_LOOPBACK;
    gen.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST |
                                 NDIS_PACKET_TYPE_BROADCAST | NDIS_PACKET_TYPE_ALL_MULTICAST;
    gen.MaxMulticastListSize = TAP_MAX_MCAST;
    gen.MacAddressLength    = sizeof(a->MacAddress);
    NdisMoveMemory(gen.PermanentMacAddress, a->MacAddress, sizeof(a->MacAddress));
    NdisMoveMemory(gen.CurrentMacAddress, a->MacAddress, sizeof(a->MacAddress));
    gen.AccessType          = NET_IF_ACCESS_BROADCAST;
    gen.DirectionType       = NET_IF_DIRECTION_SENDRECEIVE;
    gen.ConnectionType      = NET_IF_CONNECTION_DEDICATED;
    gen.IfType              = IF_TYPE_ETHERNET_CSMACD;
    gen.SupportedStatistics = NDIS_STATISTICS_XMIT_OK_SUPPORTED | NDIS_STATISTICS_RCV_OK_SUPPORTED;
    gen.SupportedOidList    = tap_oids;
    gen.SupportedOidListLength = sizeof(tap_oids);
    status = NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
    if (status != NDIS_STATUS_SUCCESS)
        goto fail;

    os_mutex_lock(&g_tap.AdapterLock);
    InsertTailList(&g_tap.AdapterList, &a->Link);
    g_tap.AdapterCount++;
    os_mutex_unlock(&g_tap.AdapterLock);
    return NDIS_STATUS_SUCCESS;

fail:
    OS_LOG(OS_LVL_ERR, "adapter init failed 0x%08x", status);
    tap_adapter_put(a);
    return status;
}

VOID TapHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    PTAP_ADAPTER a = (PTAP_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(HaltAction);

    os_mutex_lock(&g_tap.AdapterLock);
    RemoveEntryList(&a->Link);
    g_tap.AdapterCount--;
    os_mutex_unlock(&g_tap.AdapterLock);

    tap_adapter_put(a);
}

NDIS_STATUS TapPause(NDIS_HANDLE Ctx, PNDIS_MINIPORT_PAUSE_PARAMETERS Params)
{ UNREFERENCED_PARAMETER(Params); ((PTAP_ADAPTER)Ctx)->Paused = TRUE; return NDIS_STATUS_SUCCESS; }

NDIS_STATUS TapRestart(NDIS_HANDLE Ctx, PNDIS_MINIPORT_RESTART_PARAMETERS Params)
{ UNREFERENCED_PARAMETER(Params); ((PTAP_ADAPTER)Ctx)->Paused = FALSE; return NDIS_STATUS_SUCCESS; }

NDIS_STATUS TapOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST Request)
{
    /* answered by tapcore/oid.c in the full tree */
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(Request);
    return NDIS_STATUS_NOT_SUPPORTED;
}

VOID TapSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST Nbls,
                           NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    PTAP_ADAPTER a = (PTAP_ADAPTER)MiniportAdapterContext;
    PNET_BUFFER_LIST nbl;

    UNREFERENCED_PARAMETER(PortNumber);
    for (nbl = Nbls; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl))
        NET_BUFFER_LIST_STATUS(nbl) = a->Paused ? NDIS_STATUS_PAUSED : NDIS_STATUS_SUCCESS;

    NdisMSendNetBufferListsComplete(a->MiniportHandle, Nbls,
        NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

VOID TapReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST Nbls, ULONG ReturnFlags)
{
    PNET_BUFFER_LIST next;
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ReturnFlags);
    /* only receive indications built from g_tap.NblPool come back here */
    while (Nbls != NULL) {
        next = NET_BUFFER_LIST_NEXT_NBL(Nbls);
        NET_BUFFER_LIST_NEXT_NBL(Nbls) = NULL;
        NdisFreeNetBufferList(Nbls);
        Nbls = next;
    }
}

/* nothing is ever queued, so there is nothing to cancel or flush */
VOID TapCancelSend(NDIS_HANDLE Ctx, PVOID CancelId)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(CancelId); }

VOID TapDevicePnPEvent(NDIS_HANDLE Ctx, PNET_DEVICE_PNP_EVENT Ev)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(Ev); }

VOID TapShutdownEx(NDIS_HANDLE Ctx, NDIS_SHUTDOWN_ACTION Action)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(Action); }

VOID TapCancelOidRequest(NDIS_HANDLE Ctx, PVOID RequestId)
{ UNREFERENCED_PARAMETER(Ctx); UNREFERENCED_PARAMETER(RequestId); }
