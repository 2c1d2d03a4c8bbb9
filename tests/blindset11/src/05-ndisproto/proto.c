/*
 * proto.c - protocol characteristics and the NDIS handlers
 */
#include "ndisproto.h"

static PROTOCOL_BIND_ADAPTER_EX              NpBindAdapter;
static PROTOCOL_UNBIND_ADAPTER_EX            NpUnbindAdapter;
static PROTOCOL_OPEN_ADAPTER_COMPLETE_EX     NpOpenComplete;
static PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX    NpCloseComplete;
static PROTOCOL_NET_PNP_EVENT                NpPnpEvent;
static PROTOCOL_OID_REQUEST_COMPLETE         NpOidComplete;
static PROTOCOL_STATUS_EX                    NpStatus;
static PROTOCOL_RECEIVE_NET_BUFFER_LISTS     NpReceive;
static PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE NpSendComplete;

static NDIS_MEDIUM NpMediums[] = { NdisMedium802_3 };
static USHORT      NpFrameTypes[] = { 0x0800, 0x86DD, 0x0806 };

NDIS_STATUS
NpRegisterProtocol(VOID)
{
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS pc;
    NDIS_STRING name = RTL_CONSTANT_STRING(NP_PROTOCOL_NAME);

    NdisZeroMemory(&pc, sizeof(pc));
    pc.Header.Type     = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    pc.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    pc.Header.Size     = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    pc.MajorNdisVersion = 6;
    pc.MinorNdisVersion = 20;
    pc.Name = name;

    pc.BindAdapterHandlerEx              = NpBindAdapter;
    pc.UnbindAdapterHandlerEx            = NpUnbindAdapter;
    pc.OpenAdapterCompleteHandlerEx      = NpOpenComplete;
    pc.CloseAdapterCompleteHandlerEx     = NpCloseComplete;
    pc.NetPnPEventHandler                = NpPnpEvent;
    pc.OidRequestCompleteHandler         = NpOidComplete;
    pc.StatusHandlerEx                   = NpStatus;
    pc.ReceiveNetBufferListsHandler      = NpReceive;
    pc.SendNetBufferListsCompleteHandler = NpSendComplete;

    return NdisRegisterProtocolDriver(NULL, &pc, &g_Np.ProtocolHandle);
}

static NDIS_STATUS
NpBindAdapter(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext,
              PNDIS_BIND_PARAMETERS BindParameters)
{
    NDIS_OPEN_PARAMETERS open;
    PNP_BINDING b;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);

    b = (PNP_BINDING)ExAllocateFromNPagedLookasideList(&g_Np.BindingLookaside);
    if (b == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(b, sizeof(*b));
    b->BindContext = BindContext;
    NdisInitializeEvent(&b->OpenEvent);
    NdisInitializeEvent(&b->CloseEvent);

    NdisZeroMemory(&open, sizeof(open));
    open.Header.Type     = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    open.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    open.Header.Size     = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    open.AdapterName         = BindParameters->AdapterName;
    open.MediumArray         = NpMediums;
    open.MediumArraySize     = RTL_NUMBER_OF(NpMediums);
    open.SelectedMediumIndex = &b->MediumIndex;
    open.FrameTypeArray      = NpFrameTypes;
    open.FrameTypeArraySize  = RTL_NUMBER_OF(NpFrameTypes);

    status = NdisOpenAdapterEx(g_Np.ProtocolHandle, b, &open, BindContext, &b->BindingHandle);
    if (status == NDIS_STATUS_PENDING) {
        NdisWaitEvent(&b->OpenEvent, 0);
        status = b->OpenStatus;
    }
    if (status != NDIS_STATUS_SUCCESS) {
        NP_DBG("open %wZ failed 0x%08X\n", BindParameters->AdapterName, status);
        ExFreeToNPagedLookasideList(&g_Np.BindingLookaside, b);
        return status;
    }

    NdisAcquireSpinLock(&g_Np.Lock);
    InsertTailList(&g_Np.Bindings, &b->Link);
    NdisReleaseSpinLock(&g_Np.Lock);
    return NDIS_STATUS_SUCCESS;
}

static VOID
NpOpenComplete(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status)
{
    PNP_BINDING b = (PNP_BINDING)ProtocolBindingContext;

    b->OpenStatus = Status;
    NdisSetEvent(&b->OpenEvent);
}

static NDIS_STATUS
NpUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    PNP_BINDING b = (PNP_BINDING)ProtocolBindingContext;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(UnbindContext);

    NdisAcquireSpinLock(&g_Np.Lock);
    RemoveEntryList(&b->Link);
    NdisReleaseSpinLock(&g_Np.Lock);

    status = NdisCloseAdapterEx(b->BindingHandle);
    if (status == NDIS_STATUS_PENDING) {
        NdisWaitEvent(&b->CloseEvent, 0);
    }
    ExFreeToNPagedLookasideList(&g_Np.BindingLookaside, b);
    return NDIS_STATUS_SUCCESS;
}

static VOID
NpCloseComplete(NDIS_HANDLE ProtocolBindingContext)
{
    PNP_BINDING b = (PNP_BINDING)ProtocolBindingContext;
    NdisSetEvent(&b->CloseEvent);
}

static NDIS_STATUS
NpPnpEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION Notification)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(Notification);
    return NDIS_STATUS_SUCCESS;
}

static VOID
NpOidComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

static VOID
NpStatus(NDIS_HANDLE ProtocolBindingContext, PNDIS_STATUS_INDICATION StatusIndication)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(StatusIndication);
}

static VOID
NpReceive(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists,
          NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PNP_BINDING b = (PNP_BINDING)ProtocolBindingContext;
    PNET_BUFFER_LIST nbl;

    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);

    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        PNET_BUFFER nb;
        for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
            InterlockedIncrement64((volatile LONG64 *)&b->Stats.Frames);
            InterlockedAdd64((volatile LONG64 *)&b->Stats.Bytes, NET_BUFFER_DATA_LENGTH(nb));
        }
    }

    if (!NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) {
        NdisReturnNetBufferLists(b->BindingHandle, NetBufferLists,
                                 NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags)
                                     ? NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0);
    }
}

static VOID
NpSendComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferList, ULONG SendCompleteFlags)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferList);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
    /* we never send */
}

VOID
NpCollectStats(_Out_ PNP_STATS Stats)
{
    PLIST_ENTRY e;

    NdisZeroMemory(Stats, sizeof(*Stats));
    NdisAcquireSpinLock(&g_Np.Lock);
    for (e = g_Np.Bindings.Flink; e != &g_Np.Bindings; e = e->Flink) {
        PNP_BINDING b = CONTAINING_RECORD(e, NP_BINDING, Link);
        Stats->Frames += b->Stats.Frames;
        Stats->Bytes += b->Stats.Bytes;
        Stats->Bindings++;
    }
    NdisReleaseSpinLock(&g_Np.Lock);
}

VOID
NpResetStats(VOID)
{
    PLIST_ENTRY e;

    NdisAcquireSpinLock(&g_Np.Lock);
    for (e = g_Np.Bindings.Flink; e != &g_Np.Bindings; e = e->Flink) {
        PNP_BINDING b = CONTAINING_RECORD(e, NP_BINDING, Link);
        b->Stats.Frames = 0;
        b->Stats.Bytes = 0;
    }
    NdisReleaseSpinLock(&g_Np.Lock);
}
