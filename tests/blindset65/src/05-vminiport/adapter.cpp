//
// adapter.cpp - per-adapter lifetime: initialize / halt / pause / restart,
// plus the (boring) datapath.
//
#include "vminiport.h"

namespace vmp {

static const UCHAR kDefaultMac[6] = { 0x02, 0x56, 0x4D, 0x50, 0x00, 0x01 };

static NDIS_OID kSupportedOids[] = {
    OID_GEN_SUPPORTED_LIST,
    OID_GEN_HARDWARE_STATUS,
    OID_GEN_MEDIA_SUPPORTED,
    OID_GEN_MEDIA_IN_USE,
    OID_GEN_MAXIMUM_FRAME_SIZE,
    OID_GEN_CURRENT_PACKET_FILTER,
    OID_GEN_CURRENT_LOOKAHEAD,
    OID_802_3_PERMANENT_ADDRESS,
    OID_802_3_CURRENT_ADDRESS,
    OID_802_3_MULTICAST_LIST,
};

NDIS_STATUS Miniport::SetAttributes(Adapter* a)
{
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;
    NdisZeroMemory(&reg, sizeof(reg));
    reg.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    reg.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_1;
    reg.MiniportAdapterContext   = a;
    reg.AttributeFlags           = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;
    reg.CheckForHangTimeInSeconds = 0;
    reg.InterfaceType            = NdisInterfaceInternal;

    NDIS_STATUS status = NdisMSetMiniportAttributes(
        a->MiniportHandle, reinterpret_cast<PNDIS_MINIPORT_ADAPTER_ATTRIBUTES>(&reg));
    if (status != NDIS_STATUS_SUCCESS) {
        return status;
    }

    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES gen;
    NdisZeroMemory(&gen, sizeof(gen));
    gen.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    gen.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    gen.MediaType          = NdisMedium802_3;
    gen.PhysicalMediumType = NdisPhysicalMediumUnspecified;
    gen.MtuSize            = VMP_MTU;
    gen.MaxXmitLinkSpeed   = VMP_LINK_SPEED;
    gen.XmitLinkSpeed      = VMP_LINK_SPEED;
    gen.MaxRcvLinkSpeed    = VMP_LINK_SPEED;
    gen.RcvLinkSpeed       = VMP_LINK_SPEED;
    gen.MediaConnectState  = MediaConnectStateConnected;
    gen.MediaDuplexState   = MediaDuplexStateFull;
    gen.LookaheadSize      = VMP_MTU;
    gen.MacOptions         = NDIS_MAC_OPTION_NO_LOOPBACK | NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA;
    gen.SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_MULTICAST |
                                 NDIS_PACKET_TYPE_BROADCAST | NDIS_PACKET_TYPE_PROMISCUOUS;
    gen.MaxMulticastListSize = VMP_MAX_MCAST;
    gen.MacAddressLength   = sizeof(a->MacAddress);
    NdisMoveMemory(gen.PermanentMacAddress, a->MacAddress, sizeof(a->MacAddress));
    NdisMoveMemory(gen.CurrentMacAddress, a->MacAddress, sizeof(a->MacAddress));
    gen.AccessType         = NET_IF_ACCESS_BROADCAST;
    gen.DirectionType      = NET_IF_DIRECTION_SENDRECEIVE;
    gen.ConnectionType     = NET_IF_CONNECTION_DEDICATED;
    gen.IfType             = IF_TYPE_ETHERNET_CSMACD;
    gen.IfConnectorPresent = FALSE;
    gen.SupportedStatistics = NDIS_STATISTICS_DIRECTED_FRAMES_RCV_SUPPORTED |
                              NDIS_STATISTICS_DIRECTED_FRAMES_XMIT_SUPPORTED;
    gen.SupportedPauseFunctions = NdisPauseFunctionsUnsupported;
    gen.AutoNegotiationFlags = NDIS_LINK_STATE_DUPLEX_AUTO_NEGOTIATED;
    gen.SupportedOidList       = kSupportedOids;
    gen.SupportedOidListLength = sizeof(kSupportedOids);

    return NdisMSetMiniportAttributes(
        a->MiniportHandle, reinterpret_cast<PNDIS_MINIPORT_ADAPTER_ATTRIBUTES>(&gen));
}

NDIS_STATUS Miniport::BuildKeepalive(Adapter* a)
{
    a->KeepaliveFrame = static_cast<PUCHAR>(NdisAllocateMemoryWithTagPriority(
        a->MiniportHandle, 64, VMP_TAG, NormalPoolPriority));
    if (a->KeepaliveFrame == nullptr) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(a->KeepaliveFrame, 64);
    NdisFillMemory(a->KeepaliveFrame, 6, 0xFF);                 // broadcast
    NdisMoveMemory(a->KeepaliveFrame + 6, a->MacAddress, 6);
    a->KeepaliveFrame[12] = 0x88;                               // local experimental
    a->KeepaliveFrame[13] = 0xB5;

    a->KeepaliveMdl = NdisAllocateMdl(a->MiniportHandle, a->KeepaliveFrame, 64);
    if (a->KeepaliveMdl == nullptr) {
        return NDIS_STATUS_RESOURCES;
    }

    a->KeepaliveNbl = NdisAllocateNetBufferAndNetBufferList(a->NblPool, 0, 0,
                                                           a->KeepaliveMdl, 0, 64);
    if (a->KeepaliveNbl == nullptr) {
        return NDIS_STATUS_RESOURCES;
    }
    a->KeepaliveNbl->SourceHandle = a->MiniportHandle;
    return NDIS_STATUS_SUCCESS;
}

void Miniport::FreeKeepalive(Adapter* a)
{
    if (a->KeepaliveNbl)   { NdisFreeNetBufferList(a->KeepaliveNbl); a->KeepaliveNbl = nullptr; }
    if (a->KeepaliveMdl)   { NdisFreeMdl(a->KeepaliveMdl);           a->KeepaliveMdl = nullptr; }
    if (a->KeepaliveFrame) { NdisFreeMemory(a->KeepaliveFrame, 0, 0); a->KeepaliveFrame = nullptr; }
}

_Use_decl_annotations_
VOID Miniport::KeepaliveTick(PVOID ss1, PVOID ctx, PVOID ss2, PVOID ss3)
{
    UNREFERENCED_PARAMETER(ss1);
    UNREFERENCED_PARAMETER(ss2);
    UNREFERENCED_PARAMETER(ss3);

    auto a = static_cast<Adapter*>(ctx);
    if (a->State != static_cast<LONG>(AdapterState::Running)) {
        return;
    }

    // RESOURCES: the stack copies what it wants, ownership comes straight back
    NdisMIndicateReceiveNetBufferLists(a->MiniportHandle, a->KeepaliveNbl,
                                       NDIS_DEFAULT_PORT_NUMBER, 1,
                                       NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL |
                                       NDIS_RECEIVE_FLAGS_RESOURCES);
    InterlockedIncrement64(&a->RxIndicated);
}

_Use_decl_annotations_
NDIS_STATUS Miniport::Initialize(NDIS_HANDLE MiniportAdapterHandle,
                                 NDIS_HANDLE MiniportDriverContext,
                                 PNDIS_MINIPORT_INIT_PARAMETERS InitParameters)
{
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(InitParameters);

    NDIS_STATUS status;
    auto a = static_cast<Adapter*>(NdisAllocateMemoryWithTagPriority(
        MiniportAdapterHandle, sizeof(Adapter), VMP_TAG, NormalPoolPriority));
    if (a == nullptr) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(a, sizeof(*a));
    a->MiniportHandle = MiniportAdapterHandle;
    a->State          = static_cast<LONG>(AdapterState::Initializing);
    a->Lookahead      = VMP_MTU;
    NdisMoveMemory(a->MacAddress, kDefaultMac, sizeof(kDefaultMac));

    status = SetAttributes(a);
    if (status != NDIS_STATUS_SUCCESS) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "SetAttributes %!STATUS!", status);
        goto fail;
    }

    NET_BUFFER_LIST_POOL_PARAMETERS pp;
    NdisZeroMemory(&pp, sizeof(pp));
    pp.Header.Type        = NDIS_OBJECT_TYPE_DEFAULT;
    pp.Header.Revision    = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    pp.Header.Size        = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    pp.ProtocolId         = NDIS_PROTOCOL_ID_DEFAULT;
    pp.fAllocateNetBuffer = TRUE;
    pp.ContextSize        = 0;
    pp.PoolTag            = VMP_TAG;
    pp.DataSize           = 0;
    a->NblPool = NdisAllocateNetBufferListPool(MiniportAdapterHandle, &pp);

    status = BuildKeepalive(a);
    if (status != NDIS_STATUS_SUCCESS) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "keepalive frame %!STATUS!", status);
        goto fail;
    }

    NDIS_TIMER_CHARACTERISTICS tc;
    NdisZeroMemory(&tc, sizeof(tc));
    tc.Header.Type     = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    tc.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    tc.Header.Size     = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    tc.AllocationTag   = VMP_TAG;
    tc.TimerFunction   = KeepaliveTick;
    tc.FunctionContext = a;

    status = NdisAllocateTimerObject(MiniportAdapterHandle, &tc, &a->KeepaliveTimer);
    if (status != NDIS_STATUS_SUCCESS) {
        goto fail;
    }

    a->State = static_cast<LONG>(AdapterState::Paused);
    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "adapter %p initialized", a);
    return NDIS_STATUS_SUCCESS;

fail:
    FreeKeepalive(a);
    if (a->NblPool) {
        NdisFreeNetBufferListPool(a->NblPool);
    }
    NdisFreeMemory(a, 0, 0);
    return status;
}

_Use_decl_annotations_
VOID Miniport::Halt(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    UNREFERENCED_PARAMETER(HaltAction);
    auto a = static_cast<Adapter*>(MiniportAdapterContext);

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "halt %p rx=%lld txdrop=%lld",
                a, a->RxIndicated, a->TxDropped);

    a->State = static_cast<LONG>(AdapterState::Halted);

    FreeKeepalive(a);
    NdisFreeNetBufferListPool(a->NblPool);
    NdisFreeMemory(a, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS Miniport::Pause(NDIS_HANDLE ctx, PNDIS_MINIPORT_PAUSE_PARAMETERS params)
{
    UNREFERENCED_PARAMETER(params);
    auto a = static_cast<Adapter*>(ctx);
    // nothing in flight: sends complete inline, the keepalive uses RESOURCES
    InterlockedExchange(&a->State, static_cast<LONG>(AdapterState::Paused));
    NdisCancelTimerObject(a->KeepaliveTimer);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS Miniport::Restart(NDIS_HANDLE ctx, PNDIS_MINIPORT_RESTART_PARAMETERS params)
{
    UNREFERENCED_PARAMETER(params);
    auto a = static_cast<Adapter*>(ctx);

    LARGE_INTEGER due;
    due.QuadPart = -10000LL * VMP_KEEPALIVE_MS;
    NdisSetTimerObject(a->KeepaliveTimer, due, VMP_KEEPALIVE_MS, nullptr);

    InterlockedExchange(&a->State, static_cast<LONG>(AdapterState::Running));
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID Miniport::Send(NDIS_HANDLE ctx, PNET_BUFFER_LIST nbls, NDIS_PORT_NUMBER port, ULONG flags)
{
    UNREFERENCED_PARAMETER(port);
    auto a = static_cast<Adapter*>(ctx);
    NDIS_STATUS st = (a->State == static_cast<LONG>(AdapterState::Running))
                         ? NDIS_STATUS_SUCCESS : NDIS_STATUS_PAUSED;

    for (PNET_BUFFER_LIST n = nbls; n != nullptr; n = NET_BUFFER_LIST_NEXT_NBL(n)) {
        NET_BUFFER_LIST_STATUS(n) = st;
        InterlockedIncrement64(&a->TxDropped);
    }

    NdisMSendNetBufferListsComplete(a->MiniportHandle, nbls,
        NDIS_TEST_SEND_AT_DISPATCH_LEVEL(flags) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

_Use_decl_annotations_
VOID Miniport::Return(NDIS_HANDLE ctx, PNET_BUFFER_LIST nbls, ULONG flags)
{
    // only RESOURCES indications, nothing ever comes back here
    UNREFERENCED_PARAMETER(ctx);
    UNREFERENCED_PARAMETER(nbls);
    UNREFERENCED_PARAMETER(flags);
}

// nothing is ever queued, so the cancel/notify handlers have nothing to do
_Use_decl_annotations_ VOID Miniport::CancelSend(NDIS_HANDLE, PVOID) {}
_Use_decl_annotations_ VOID Miniport::PnpEvent(NDIS_HANDLE, PNET_DEVICE_PNP_EVENT) {}
_Use_decl_annotations_ VOID Miniport::Shutdown(NDIS_HANDLE, NDIS_SHUTDOWN_ACTION) {}
_Use_decl_annotations_ VOID Miniport::CancelOid(NDIS_HANDLE, PVOID) {}

_Use_decl_annotations_
NDIS_STATUS Miniport::OidRequest(NDIS_HANDLE ctx, PNDIS_OID_REQUEST req)
{
    auto a = static_cast<Adapter*>(ctx);
    NDIS_STATUS st = NDIS_STATUS_NOT_SUPPORTED;

    if (req->RequestType == NdisRequestSetInformation) {
        auto& set = req->DATA.SET_INFORMATION;
        switch (set.Oid) {
        case OID_GEN_CURRENT_PACKET_FILTER:
        case OID_GEN_CURRENT_LOOKAHEAD:
            if (set.InformationBufferLength < sizeof(ULONG)) {
                set.BytesNeeded = sizeof(ULONG);
                st = NDIS_STATUS_INVALID_LENGTH;
                break;
            }
            if (set.Oid == OID_GEN_CURRENT_PACKET_FILTER) {
                a->PacketFilter = *static_cast<PULONG>(set.InformationBuffer);
            } else {
                a->Lookahead = *static_cast<PULONG>(set.InformationBuffer);
            }
            set.BytesRead = sizeof(ULONG);
            st = NDIS_STATUS_SUCCESS;
            break;
        case OID_802_3_MULTICAST_LIST:
            set.BytesRead = set.InformationBufferLength;   // accept anything
            st = NDIS_STATUS_SUCCESS;
            break;
        default:
            break;
        }
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_OID, "oid type %d -> %x", req->RequestType, st);
    return st;
}

} // namespace vmp
