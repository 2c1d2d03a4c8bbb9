#include "loopnic.h"

static NDIS_OID s_Oids[] = {
    OID_GEN_SUPPORTED_LIST,
    OID_GEN_CURRENT_PACKET_FILTER,
    OID_GEN_CURRENT_LOOKAHEAD,
    OID_802_3_PERMANENT_ADDRESS,
    OID_802_3_CURRENT_ADDRESS,
    OID_802_3_MULTICAST_LIST,
};

static VOID
LnStatsTick(PVOID S1, PVOID Context, PVOID S2, PVOID S3)
{
    PLN_ADAPTER a = (PLN_ADAPTER)Context;
    UNREFERENCED_PARAMETER(S1);
    UNREFERENCED_PARAMETER(S2);
    UNREFERENCED_PARAMETER(S3);

    LNDBG("loopnic: %p sent %I64d\n", a, a->Sent);
}

static NDIS_STATUS
LnSetAttributes(PLN_ADAPTER a)
{
    NDIS_STATUS st;
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;

    NdisZeroMemory(&reg, sizeof(reg));
    reg.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    reg.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    reg.MiniportAdapterContext = a;
    reg.AttributeFlags  = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;
    reg.InterfaceType   = NdisInterfaceInternal;

    st = NdisMSetMiniportAttributes(a->Handle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
    if (st != NDIS_STATUS_SUCCESS)
        return st;

    NdisZeroMemory(&gen, sizeof(gen));
    gen.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen.MediaType          = NdisMedium802_3;
    gen.PhysicalMediumType = NdisPhysicalMediumUnspecified;
    gen.MtuSize            = LN_MTU;
    gen.MaxXmitLinkSpeed   = gen.XmitLinkSpeed = LN_SPEED;
    gen.MaxRcvLinkSpeed    = gen.RcvLinkSpeed  = LN_SPEED;
    gen.MediaConnectState  = MediaConnectStateConnected;
    gen.MediaDuplexState   = MediaDuplexStateFull;
    gen.LookaheadSize      = LN_MTU;
    gen.MacOptions         = NDIS_MAC_OPTION_NO_LOOPBACK | NDIS_MAC_OPTION_TRANSFERS_NOT_PEND;
    gen.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST |
                                 NDIS_PACKET_TYPE_MULTICAST;
    gen.MaxMulticastListSize = 16;
    gen.MacAddressLength     = 6;
    NdisMoveMemory(gen.PermanentMacAddress, a->Mac, 6);
    NdisMoveMemory(gen.CurrentMacAddress, a->Mac, 6);
    gen.AccessType     = NET_IF_ACCESS_BROADCAST;
    gen.DirectionType  = NET_IF_DIRECTION_SENDRECEIVE;
    gen.ConnectionType = NET_IF_CONNECTION_DEDICATED;
    gen.IfType         = IF_TYPE_ETHERNET_CSMACD;
    gen.SupportedPauseFunctions = NdisPauseFunctionsUnsupported;
    gen.SupportedOidList        = s_Oids;
    gen.SupportedOidListLength  = sizeof(s_Oids);

    return NdisMSetMiniportAttributes(a->Handle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
}

NDIS_STATUS
LnInitialize(NDIS_HANDLE MiniportHandle, NDIS_HANDLE DriverContext,
             PNDIS_MINIPORT_INIT_PARAMETERS Params)
{
    NDIS_STATUS st;
    PLN_ADAPTER a;
    NET_BUFFER_LIST_POOL_PARAMETERS pool;
    NDIS_TIMER_CHARACTERISTICS tmr;
    LARGE_INTEGER due;

    UNREFERENCED_PARAMETER(DriverContext);

    a = NdisAllocateMemoryWithTagPriority(MiniportHandle, sizeof(*a), LN_TAG, NormalPoolPriority);
    if (a == NULL)
        return NDIS_STATUS_RESOURCES;
    NdisZeroMemory(a, sizeof(*a));
    a->Handle = MiniportHandle;
    a->Mac[0] = 0x02; a->Mac[1] = 0x4C; a->Mac[2] = 0x4E;
    a->Mac[5] = (UCHAR)Params->IfIndex;

    st = LnSetAttributes(a);
    if (st != NDIS_STATUS_SUCCESS)
        goto out_free;

    NdisZeroMemory(&pool, sizeof(pool));
    pool.Header.Type     = NDIS_OBJECT_TYPE_DEFAULT;
    pool.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    pool.Header.Size     = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    pool.ProtocolId      = NDIS_PROTOCOL_ID_DEFAULT;
    pool.fAllocateNetBuffer = TRUE;
    pool.PoolTag         = LN_TAG;
    a->NblPool = NdisAllocateNetBufferListPool(MiniportHandle, &pool);
    if (a->NblPool == NULL) {
        st = NDIS_STATUS_RESOURCES;
        goto out_free;
    }

    NdisZeroMemory(&tmr, sizeof(tmr));
    tmr.Header.Type     = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    tmr.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    tmr.Header.Size     = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    tmr.AllocationTag   = LN_TAG;
    tmr.TimerFunction   = LnStatsTick;
    tmr.FunctionContext = a;
    st = NdisAllocateTimerObject(MiniportHandle, &tmr, &a->StatsTimer);
    if (st != NDIS_STATUS_SUCCESS)
        goto out_pool;

    due.QuadPart = LN_STATS_PERIOD;
    NdisSetTimerObject(a->StatsTimer, due, LN_STATS_PERIOD_MS, a);
    return NDIS_STATUS_SUCCESS;

out_pool:
    NdisFreeNetBufferListPool(a->NblPool);
out_free:
    NdisFreeMemory(a, 0, 0);
    LNDBG("loopnic: init failed %08x\n", st);
    return st;
}

VOID
LnHalt(NDIS_HANDLE Ctx, NDIS_HALT_ACTION Action)
{
    PLN_ADAPTER a = (PLN_ADAPTER)Ctx;
    UNREFERENCED_PARAMETER(Action);

    /* periodic timer: cancel, then let a callback that already fired finish */
    NdisCancelTimerObject(a->StatsTimer);
    KeFlushQueuedDpcs();
    NdisFreeTimerObject(a->StatsTimer);
    NdisFreeNetBufferListPool(a->NblPool);
    NdisFreeMemory(a, 0, 0);
}

NDIS_STATUS LnPause(NDIS_HANDLE Ctx, PNDIS_MINIPORT_PAUSE_PARAMETERS P)
{
    UNREFERENCED_PARAMETER(P);
    ((PLN_ADAPTER)Ctx)->Running = FALSE;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS LnRestart(NDIS_HANDLE Ctx, PNDIS_MINIPORT_RESTART_PARAMETERS P)
{
    UNREFERENCED_PARAMETER(P);
    ((PLN_ADAPTER)Ctx)->Running = TRUE;
    return NDIS_STATUS_SUCCESS;
}

VOID
LnSend(NDIS_HANDLE Ctx, PNET_BUFFER_LIST Nbls, NDIS_PORT_NUMBER Port, ULONG Flags)
{
    PLN_ADAPTER a = (PLN_ADAPTER)Ctx;
    PNET_BUFFER_LIST n;
    UNREFERENCED_PARAMETER(Port);

    for (n = Nbls; n != NULL; n = NET_BUFFER_LIST_NEXT_NBL(n)) {
        NET_BUFFER_LIST_STATUS(n) = a->Running ? NDIS_STATUS_SUCCESS : NDIS_STATUS_PAUSED;
        if (a->Running)
            InterlockedIncrement64(&a->Sent);
    }
    NdisMSendNetBufferListsComplete(a->Handle, Nbls,
        NDIS_TEST_SEND_AT_DISPATCH_LEVEL(Flags) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

NDIS_STATUS
LnOidRequest(NDIS_HANDLE Ctx, PNDIS_OID_REQUEST Req)
{
    UNREFERENCED_PARAMETER(Ctx);
    if (Req->RequestType == NdisRequestSetInformation) {
        /* accept and ignore packet filter / lookahead / multicast sets */
        Req->DATA.SET_INFORMATION.BytesRead = Req->DATA.SET_INFORMATION.InformationBufferLength;
        return NDIS_STATUS_SUCCESS;
    }
    return NDIS_STATUS_NOT_SUPPORTED;
}
