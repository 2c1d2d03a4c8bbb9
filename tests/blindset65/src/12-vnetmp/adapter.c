/*
 * adapter.c - vnetmp per-adapter handlers
 */
#include "vnetmp.h"

static NDIS_TIMER_FUNCTION VnLinkTimer;

static NDIS_OID VnOids[] = {
    OID_GEN_SUPPORTED_LIST,
    OID_GEN_MEDIA_SUPPORTED,
    OID_GEN_MEDIA_IN_USE,
    OID_GEN_CURRENT_PACKET_FILTER,
    OID_GEN_CURRENT_LOOKAHEAD,
    OID_802_3_PERMANENT_ADDRESS,
    OID_802_3_CURRENT_ADDRESS,
    OID_802_3_MULTICAST_LIST,
};

static VOID
VnIndicateLink(PVN_ADAPTER a, NDIS_MEDIA_CONNECT_STATE state)
{
    NDIS_LINK_STATE ls;
    NDIS_STATUS_INDICATION si;

    NdisZeroMemory(&ls, sizeof(ls));
    ls.Header.Type     = NDIS_OBJECT_TYPE_DEFAULT;
    ls.Header.Revision = NDIS_LINK_STATE_REVISION_1;
    ls.Header.Size     = NDIS_SIZEOF_LINK_STATE_REVISION_1;
    ls.MediaConnectState = state;
    ls.MediaDuplexState  = MediaDuplexStateFull;
    ls.XmitLinkSpeed     = VN_LINK_SPEED;
    ls.RcvLinkSpeed      = VN_LINK_SPEED;
    ls.PauseFunctions    = NdisPauseFunctionsUnsupported;

    NdisZeroMemory(&si, sizeof(si));
    si.Header.Type     = NDIS_OBJECT_TYPE_STATUS_INDICATION;
    si.Header.Revision = NDIS_STATUS_INDICATION_REVISION_1;
    si.Header.Size     = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1;
    si.SourceHandle     = a->MiniportHandle;
    si.StatusCode       = NDIS_STATUS_LINK_STATE;
    si.StatusBuffer     = &ls;
    si.StatusBufferSize = sizeof(ls);

    NdisMIndicateStatusEx(a->MiniportHandle, &si);
}

static VOID
VnLinkTimer(PVOID s1, PVOID ctx, PVOID s2, PVOID s3)
{
    PVN_ADAPTER a = (PVN_ADAPTER)ctx;

    UNREFERENCED_PARAMETER(s1);
    UNREFERENCED_PARAMETER(s2);
    UNREFERENCED_PARAMETER(s3);

    if (a->State == VnRunning) {
        DoTraceMessage(TRACE_LINK, TRACE_LEVEL_INFO, "adapter %u link up", a->Index);
        VnIndicateLink(a, MediaConnectStateConnected);
    }
}

static NDIS_STATUS
VnSetAttributes(PVN_ADAPTER a)
{
    NDIS_STATUS status;
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;

    NdisZeroMemory(&reg, sizeof(reg));
    reg.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    reg.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    reg.MiniportAdapterContext = a;
    reg.AttributeFlags         = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;
    reg.InterfaceType          = NdisInterfaceInternal;

    status = NdisMSetMiniportAttributes(a->MiniportHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
    if (status != NDIS_STATUS_SUCCESS) {
        return status;
    }

    NdisZeroMemory(&gen, sizeof(gen));
    gen.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen.MediaType          = NdisMedium802_3;
    gen.PhysicalMediumType = NdisPhysicalMediumUnspecified;
    gen.MtuSize            = VN_MTU;
    gen.MaxXmitLinkSpeed   = VN_LINK_SPEED;
    gen.MaxRcvLinkSpeed    = VN_LINK_SPEED;
    gen.XmitLinkSpeed      = NDIS_LINK_SPEED_UNKNOWN;
    gen.RcvLinkSpeed       = NDIS_LINK_SPEED_UNKNOWN;
    gen.MediaConnectState  = MediaConnectStateDisconnected;    /* until the timer fires */
    gen.MediaDuplexState   = MediaDuplexStateUnknown;
    gen.LookaheadSize      = VN_MTU;
    gen.MacOptions         = NDIS_MAC_OPTION_NO_LOOPBACK;
    gen.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST |
                                 NDIS_PACKET_TYPE_MULTICAST;
    gen.MaxMulticastListSize = 16;
    gen.MacAddressLength     = sizeof(a->Mac);
    NdisMoveMemory(gen.PermanentMacAddress, a->Mac, sizeof(a->Mac));
    NdisMoveMemory(gen.CurrentMacAddress, a->Mac, sizeof(a->Mac));
    gen.AccessType           = NET_IF_ACCESS_BROADCAST;
    gen.DirectionType        = NET_IF_DIRECTION_SENDRECEIVE;
    gen.ConnectionType       = NET_IF_CONNECTION_DEDICATED;
    gen.IfType               = IF_TYPE_ETHERNET_CSMACD;
    gen.IfConnectorPresent   = FALSE;
    gen.SupportedStatistics  = NDIS_STATISTICS_DIRECTED_FRAMES_XMIT_SUPPORTED;
    gen.SupportedPauseFunctions = NdisPauseFunctionsUnsupported;
    gen.SupportedOidList       = VnOids;
    gen.SupportedOidListLength = sizeof(VnOids);

    return NdisMSetMiniportAttributes(a->MiniportHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&gen);
}

NDIS_STATUS
VnInitialize(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext,
             PNDIS_MINIPORT_INIT_PARAMETERS InitParameters)
{
    NDIS_STATUS status;
    PVN_ADAPTER a;
    NDIS_TIMER_CHARACTERISTICS tc;

    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(InitParameters);

    a = (PVN_ADAPTER)NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle, sizeof(*a),
                                                       VN_TAG, NormalPoolPriority);
    if (a == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(a, sizeof(*a));
    a->MiniportHandle = MiniportAdapterHandle;
    a->State          = VnInitializing;

    NdisAcquireSpinLock(&VnDriver.Lock);
    a->Index = VnDriver.NextIndex++;
    NdisReleaseSpinLock(&VnDriver.Lock);

    a->Mac[0] = 0x02;   /* locally administered */
    a->Mac[1] = 0x56;
    a->Mac[2] = 0x4E;
    a->Mac[3] = 0x45;
    a->Mac[4] = (UCHAR)(a->Index >> 8);
    a->Mac[5] = (UCHAR)a->Index;

    status = VnSetAttributes(a);
    if (status != NDIS_STATUS_SUCCESS) {
        DoTraceMessage(TRACE_INIT, TRACE_LEVEL_ERROR, "attributes 0x%08x", status);
        goto fail_mem;
    }

    NdisZeroMemory(&tc, sizeof(tc));
    tc.Header.Type     = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    tc.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    tc.Header.Size     = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    tc.AllocationTag   = VN_TAG;
    tc.TimerFunction   = VnLinkTimer;
    tc.FunctionContext = a;

    status = NdisAllocateTimerObject(MiniportAdapterHandle, &tc, &a->LinkTimer);
    if (status != NDIS_STATUS_SUCCESS) {
        DoTraceMessage(TRACE_INIT, TRACE_LEVEL_ERROR, "timer 0x%08x", status);
        goto fail_mem;
    }

    NdisAcquireSpinLock(&VnDriver.Lock);
    InsertTailList(&VnDriver.Adapters, &a->Link);
    NdisReleaseSpinLock(&VnDriver.Lock);

    a->State = VnPaused;
    return NDIS_STATUS_SUCCESS;

fail_mem:
    NdisFreeMemory(a, 0, 0);
    return status;
}

VOID
VnHalt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    PVN_ADAPTER a = (PVN_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(HaltAction);

    a->State = VnHalting;

    /* Pause cancelled it already; also wait out a callback in progress */
    if (!NdisCancelTimerObject(a->LinkTimer)) {
        KeFlushQueuedDpcs();
    }
    NdisFreeTimerObject(a->LinkTimer);

    NdisAcquireSpinLock(&VnDriver.Lock);
    RemoveEntryList(&a->Link);
    NdisReleaseSpinLock(&VnDriver.Lock);

    DoTraceMessage(TRACE_INIT, TRACE_LEVEL_INFO, "halt adapter %u tx=%lld", a->Index, a->TxFrames);
    NdisFreeMemory(a, 0, 0);
}

NDIS_STATUS
VnPause(NDIS_HANDLE ctx, PNDIS_MINIPORT_PAUSE_PARAMETERS params)
{
    PVN_ADAPTER a = (PVN_ADAPTER)ctx;
    UNREFERENCED_PARAMETER(params);

    InterlockedExchange(&a->State, VnPaused);
    NdisCancelTimerObject(a->LinkTimer);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
VnRestart(NDIS_HANDLE ctx, PNDIS_MINIPORT_RESTART_PARAMETERS params)
{
    PVN_ADAPTER a = (PVN_ADAPTER)ctx;
    LARGE_INTEGER due;
    UNREFERENCED_PARAMETER(params);

    InterlockedExchange(&a->State, VnRunning);
    due.QuadPart = -10000LL * VN_LINK_DELAY_MS;
    NdisSetTimerObject(a->LinkTimer, due, 0, NULL);     /* one shot */
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
VnOidRequest(NDIS_HANDLE ctx, PNDIS_OID_REQUEST req)
{
    PVN_ADAPTER a = (PVN_ADAPTER)ctx;

    if (req->RequestType == NdisRequestSetInformation &&
        req->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_PACKET_FILTER) {
        if (req->DATA.SET_INFORMATION.InformationBufferLength < sizeof(ULONG)) {
            req->DATA.SET_INFORMATION.BytesNeeded = sizeof(ULONG);
            return NDIS_STATUS_INVALID_LENGTH;
        }
        a->PacketFilter = *(PULONG)req->DATA.SET_INFORMATION.InformationBuffer;
        req->DATA.SET_INFORMATION.BytesRead = sizeof(ULONG);
        return NDIS_STATUS_SUCCESS;
    }
    return NDIS_STATUS_NOT_SUPPORTED;
}

VOID
VnSend(NDIS_HANDLE ctx, PNET_BUFFER_LIST nbls, NDIS_PORT_NUMBER port, ULONG flags)
{
    PVN_ADAPTER a = (PVN_ADAPTER)ctx;
    PNET_BUFFER_LIST n;
    NDIS_STATUS st = (a->State == VnRunning) ? NDIS_STATUS_SUCCESS : NDIS_STATUS_PAUSED;

    UNREFERENCED_PARAMETER(port);

    for (n = nbls; n != NULL; n = NET_BUFFER_LIST_NEXT_NBL(n)) {
        NET_BUFFER_LIST_STATUS(n) = st;
        InterlockedIncrement64(&a->TxFrames);
    }
    NdisMSendNetBufferListsComplete(a->MiniportHandle, nbls,
        NDIS_TEST_SEND_AT_DISPATCH_LEVEL(flags) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

VOID VnReturn(NDIS_HANDLE ctx, PNET_BUFFER_LIST nbls, ULONG flags)
{ UNREFERENCED_PARAMETER(ctx); UNREFERENCED_PARAMETER(nbls); UNREFERENCED_PARAMETER(flags); }

VOID VnCancelSend(NDIS_HANDLE ctx, PVOID id)
{ UNREFERENCED_PARAMETER(ctx); UNREFERENCED_PARAMETER(id); }

VOID VnPnpEvent(NDIS_HANDLE ctx, PNET_DEVICE_PNP_EVENT ev)
{ UNREFERENCED_PARAMETER(ctx); UNREFERENCED_PARAMETER(ev); }

VOID VnShutdown(NDIS_HANDLE ctx, NDIS_SHUTDOWN_ACTION action)
{ UNREFERENCED_PARAMETER(ctx); UNREFERENCED_PARAMETER(action); }

VOID VnCancelOid(NDIS_HANDLE ctx, PVOID id)
{ UNREFERENCED_PARAMETER(ctx); UNREFERENCED_PARAMETER(id); }
