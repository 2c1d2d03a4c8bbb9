/* vnet_port.c - one VNET_PORT per miniport adapter instance. */
#include "vnet.h"

static NDIS_OID vnet_oids[] = {
    OID_GEN_SUPPORTED_LIST, OID_GEN_MEDIA_SUPPORTED, OID_GEN_MEDIA_IN_USE,
    OID_GEN_MAXIMUM_FRAME_SIZE, OID_GEN_CURRENT_PACKET_FILTER,
    OID_GEN_CURRENT_LOOKAHEAD, OID_802_3_PERMANENT_ADDRESS,
    OID_802_3_CURRENT_ADDRESS, OID_802_3_MULTICAST_LIST,
};

static void port_release(PVNET_PORT p)
{
    if (InterlockedDecrement(&p->Refs) == 0)
        os_free(p);
}

NDIS_STATUS VnetInitialize(NDIS_HANDLE AdapterHandle, NDIS_HANDLE DriverContext,
                           PNDIS_MINIPORT_INIT_PARAMETERS Params)
{
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES ra;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES ga;
    NDIS_STATUS status;
    PVNET_PORT p;

    UNREFERENCED_PARAMETER(DriverContext);
    UNREFERENCED_PARAMETER(Params);

    p = (PVNET_PORT)os_zalloc(sizeof(*p));
    if (p == NULL)
        return NDIS_STATUS_RESOURCES;
    p->Refs = 1;
    p->AdapterHandle = AdapterHandle;
    p->Mac[0] = 0x0a;       /* locally administered unicast */
    p->Mac[5] = (UCHAR)InterlockedIncrement((volatile LONG *)&Vnet.NextPortId);

    NdisZeroMemory(&ra, sizeof(ra));
    ra.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    ra.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    ra.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    ra.MiniportAdapterContext = p;
    ra.AttributeFlags  = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;
    ra.InterfaceType   = NdisInterfaceInternal;
    status = NdisMSetMiniportAttributes(AdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&ra);
    CHECK_NDIS(status, fail, "registration attributes");

    NdisZeroMemory(&ga, sizeof(ga));
    ga.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    ga.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
    ga.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_1;
    ga.MediaType          = NdisMedium802_3;
    ga.PhysicalMediumType = NdisPhysicalMediumUnspecified;
    ga.MtuSize            = VNET_MTU;
    ga.MaxXmitLinkSpeed   = ga.XmitLinkSpeed = VNET_SPEED;
    ga.MaxRcvLinkSpeed    = ga.RcvLinkSpeed  = VNET_SPEED;
    ga.MediaConnectState  = MediaConnectStateDisconnected;
    ga.MediaDuplexState   = MediaDuplexStateFull;
    ga.LookaheadSize      = VNET_MTU;
    ga.MacOptions         = NDIS_MAC_OPTION_NO_LOOPBACK | NDIS_MAC_OPTION_TRANSFERS_NOT_PEND;
    ga.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST |
                                NDIS_PACKET_TYPE_MULTICAST;
    ga.MaxMulticastListSize = 16;
    ga.MacAddressLength   = ETH_LENGTH_OF_ADDRESS;
    NdisMoveMemory(ga.PermanentMacAddress, p->Mac, ETH_LENGTH_OF_ADDRESS);
    NdisMoveMemory(ga.CurrentMacAddress, p->Mac, ETH_LENGTH_OF_ADDRESS);
    ga.AccessType         = NET_IF_ACCESS_BROADCAST;
    ga.DirectionType      = NET_IF_DIRECTION_SENDRECEIVE;
    ga.ConnectionType     = NET_IF_CONNECTION_DEDICATED;
    ga.IfType             = IF_TYPE_ETHERNET_CSMACD;
    ga.SupportedOidList   = vnet_oids;
    ga.SupportedOidListLength = sizeof(vnet_oids);
    status = NdisMSetMiniportAttributes(AdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&ga);
    CHECK_NDIS(status, fail, "general attributes");

    NdisAcquireSpinLock(&Vnet.PortLock);
    InsertTailList(&Vnet.Ports, &p->Entry);
    NdisReleaseSpinLock(&Vnet.PortLock);
    return NDIS_STATUS_SUCCESS;

fail:
    port_release(p);
    return status;
}

VOID VnetHalt(NDIS_HANDLE Context, NDIS_HALT_ACTION Action)
{
    PVNET_PORT p = (PVNET_PORT)Context;

    UNREFERENCED_PARAMETER(Action);

    NdisAcquireSpinLock(&Vnet.PortLock);
    RemoveEntryList(&p->Entry);
    NdisReleaseSpinLock(&Vnet.PortLock);

    VLOG("port halted after %I64u frames", p->TxFrames);
    port_release(p);
}

NDIS_STATUS VnetPause(NDIS_HANDLE Context, PNDIS_MINIPORT_PAUSE_PARAMETERS Params)
{
    UNREFERENCED_PARAMETER(Params);
    InterlockedExchange(&((PVNET_PORT)Context)->Running, 0);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS VnetRestart(NDIS_HANDLE Context, PNDIS_MINIPORT_RESTART_PARAMETERS Params)
{
    UNREFERENCED_PARAMETER(Params);
    InterlockedExchange(&((PVNET_PORT)Context)->Running, 1);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS VnetOidRequest(NDIS_HANDLE Context, PNDIS_OID_REQUEST Req)
{
    PVNET_PORT p = (PVNET_PORT)Context;

    if (Req->RequestType == NdisRequestSetInformation &&
        Req->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_PACKET_FILTER) {
        if (Req->DATA.SET_INFORMATION.InformationBufferLength < sizeof(ULONG))
            return NDIS_STATUS_INVALID_LENGTH;
        p->Filter = *(PULONG)Req->DATA.SET_INFORMATION.InformationBuffer;
        Req->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
        return NDIS_STATUS_SUCCESS;
    }
    return NDIS_STATUS_NOT_SUPPORTED;
}

VOID VnetSend(NDIS_HANDLE Context, PNET_BUFFER_LIST Nbls, NDIS_PORT_NUMBER Port, ULONG Flags)
{
    PVNET_PORT p = (PVNET_PORT)Context;
    NDIS_STATUS st = p->Running ? NDIS_STATUS_SUCCESS : NDIS_STATUS_PAUSED;
    PNET_BUFFER_LIST n;

    UNREFERENCED_PARAMETER(Port);

    /* the overlay transport is not wired into this tree; count and drop */
    for (n = Nbls; n != NULL; n = NET_BUFFER_LIST_NEXT_NBL(n)) {
        NET_BUFFER_LIST_STATUS(n) = st;
        p->TxFrames++;
    }
    NdisMSendNetBufferListsComplete(p->AdapterHandle, Nbls,
        NDIS_TEST_SEND_AT_DISPATCH_LEVEL(Flags) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

VOID VnetReturn(NDIS_HANDLE Context, PNET_BUFFER_LIST Nbls, ULONG Flags)
{
    PNET_BUFFER_LIST next;

    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Flags);

    for (; Nbls != NULL; Nbls = next) {
        next = NET_BUFFER_LIST_NEXT_NBL(Nbls);
        NET_BUFFER_LIST_NEXT_NBL(Nbls) = NULL;
        NdisFreeNetBufferList(Nbls);
    }
}

VOID VnetCancelSend(NDIS_HANDLE Context, PVOID CancelId)
{ UNREFERENCED_PARAMETER(Context); UNREFERENCED_PARAMETER(CancelId); }

VOID VnetPnpEvent(NDIS_HANDLE Context, PNET_DEVICE_PNP_EVENT Event)
{ UNREFERENCED_PARAMETER(Context); UNREFERENCED_PARAMETER(Event); }

VOID VnetShutdown(NDIS_HANDLE Context, NDIS_SHUTDOWN_ACTION Action)
{ UNREFERENCED_PARAMETER(Context); UNREFERENCED_PARAMETER(Action); }

VOID VnetCancelOid(NDIS_HANDLE Context, PVOID RequestId)
{ UNREFERENCED_PARAMETER(Context); UNREFERENCED_PARAMETER(RequestId); }
