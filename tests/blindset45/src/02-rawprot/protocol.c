/*
 * protocol.c - NDIS protocol edge: bind/unbind, receive, ring buffer.
 */
#include "rawprot.h"

static NDIS_MEDIUM    RpMediumArray[]    = { NdisMedium802_3 };
static NET_FRAME_TYPE RpFrameTypeArray[] = { RP_ETHERTYPE };

BOOLEAN
RpAllocateRing(VOID)
{
    Globals.Ring = (PRP_SNAPSHOT)ExAllocatePoolZero(NonPagedPoolNx,
                                                    RP_RING_SLOTS * sizeof(RP_SNAPSHOT),
                                                    RP_TAG);
    Globals.RingHead = 0;
    return (Globals.Ring != NULL);
}

VOID
RpFreeRing(VOID)
{
    if (Globals.Ring != NULL) {
        ExFreePoolWithTag(Globals.Ring, RP_TAG);
        Globals.Ring = NULL;
    }
}

NDIS_STATUS
RpRegisterProtocol(VOID)
{
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS pc;
    NDIS_STRING name = RTL_CONSTANT_STRING(RP_PROTOCOL_NAME);

    NdisZeroMemory(&pc, sizeof(pc));
    pc.Header.Type      = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    pc.Header.Revision  = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    pc.Header.Size      = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    pc.MajorNdisVersion = 6;
    pc.MinorNdisVersion = 20;
    pc.MajorDriverVersion = 1;
    pc.MinorDriverVersion = 0;
    pc.Name = name;

    pc.BindAdapterHandlerEx          = RpBindAdapter;
    pc.UnbindAdapterHandlerEx        = RpUnbindAdapter;
    pc.OpenAdapterCompleteHandlerEx  = RpOpenAdapterComplete;
    pc.CloseAdapterCompleteHandlerEx = RpCloseAdapterComplete;
    pc.NetPnPEventHandler            = RpPnpEvent;
    pc.OidRequestCompleteHandler     = RpOidRequestComplete;
    pc.StatusHandlerEx               = RpStatus;
    pc.ReceiveNetBufferListsHandler  = RpReceiveNbls;
    pc.SendNetBufferListsCompleteHandler = RpSendComplete;

    return NdisRegisterProtocolDriver(&Globals, &pc, &Globals.ProtocolHandle);
}

VOID
RpDeregisterProtocol(VOID)
{
    if (Globals.ProtocolHandle != NULL) {
        NdisDeregisterProtocolDriver(Globals.ProtocolHandle);
        Globals.ProtocolHandle = NULL;
    }
}

_Use_decl_annotations_
NDIS_STATUS
RpBindAdapter(
    NDIS_HANDLE             ProtocolDriverContext,
    NDIS_HANDLE             BindContext,
    PNDIS_BIND_PARAMETERS   BindParameters
    )
{
    PRP_OPEN                open;
    NDIS_OPEN_PARAMETERS    op;
    NDIS_STATUS             st;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);

    open = NdisAllocateMemoryWithTagPriority(Globals.ProtocolHandle,
                                             sizeof(RP_OPEN),
                                             RP_TAG,
                                             NormalPoolPriority);
    if (open == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(open, sizeof(*open));
    open->BindContext = BindContext;
    open->Paused = TRUE;

    NdisZeroMemory(&op, sizeof(op));
    op.Header.Type      = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    op.Header.Revision  = NDIS_OPEN_PARAMETERS_REVISION_1;
    op.Header.Size      = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    op.AdapterName      = BindParameters->AdapterName;
    op.MediumArray      = RpMediumArray;
    op.MediumArraySize  = ARRAYSIZE(RpMediumArray);
    op.SelectedMediumIndex = &open->SelectedMediumIndex;
    op.FrameTypeArray   = RpFrameTypeArray;
    op.FrameTypeArraySize = ARRAYSIZE(RpFrameTypeArray);

    NdisAcquireSpinLock(&Globals.Lock);
    InsertTailList(&Globals.OpenList, &open->Link);
    NdisReleaseSpinLock(&Globals.Lock);

    st = NdisOpenAdapterEx(Globals.ProtocolHandle, open, &op, BindContext, &open->BindingHandle);
    if (st == NDIS_STATUS_PENDING) {
        /* RpOpenAdapterComplete finishes the bind */
        return NDIS_STATUS_PENDING;
    }

    open->BindContext = NULL;   /* completed inline, NDIS gets st below */
    RpOpenAdapterComplete(open, st);
    return st;
}

_Use_decl_annotations_
VOID
RpOpenAdapterComplete(
    NDIS_HANDLE ProtocolBindingContext,
    NDIS_STATUS Status
    )
{
    PRP_OPEN open = (PRP_OPEN)ProtocolBindingContext;
    NDIS_HANDLE bindContext = open->BindContext;

    open->BindContext = NULL;

    if (Status != NDIS_STATUS_SUCCESS) {
        RP_DBG("open failed 0x%x", Status);
        NdisAcquireSpinLock(&Globals.Lock);
        RemoveEntryList(&open->Link);
        NdisReleaseSpinLock(&Globals.Lock);
        NdisFreeMemory(open, 0, 0);
    }

    /* only tell NDIS when we pended the bind ourselves */
    if (bindContext != NULL) {
        NdisCompleteBindAdapterEx(bindContext, Status);
    }
}

_Use_decl_annotations_
NDIS_STATUS
RpUnbindAdapter(
    NDIS_HANDLE UnbindContext,
    NDIS_HANDLE ProtocolBindingContext
    )
{
    PRP_OPEN    open = (PRP_OPEN)ProtocolBindingContext;
    NDIS_STATUS st;

    open->UnbindContext = UnbindContext;
    st = NdisCloseAdapterEx(open->BindingHandle);
    if (st == NDIS_STATUS_PENDING) {
        return NDIS_STATUS_PENDING;
    }

    open->UnbindContext = NULL;
    RpCloseAdapterComplete(open);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
RpCloseAdapterComplete(
    NDIS_HANDLE ProtocolBindingContext
    )
{
    PRP_OPEN    open = (PRP_OPEN)ProtocolBindingContext;
    NDIS_HANDLE unbindContext = open->UnbindContext;

    NdisAcquireSpinLock(&Globals.Lock);
    RemoveEntryList(&open->Link);
    NdisReleaseSpinLock(&Globals.Lock);

    NdisFreeMemory(open, 0, 0);

    if (unbindContext != NULL) {
        NdisCompleteUnbindAdapterEx(unbindContext);
    }
}

_Use_decl_annotations_
NDIS_STATUS
RpPnpEvent(
    NDIS_HANDLE                 ProtocolBindingContext,
    PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification
    )
{
    PRP_OPEN open = (PRP_OPEN)ProtocolBindingContext;

    if (open != NULL) {
        if (NetPnPEventNotification->NetPnPEvent.NetEvent == NetEventPause) {
            open->Paused = TRUE;
        } else if (NetPnPEventNotification->NetPnPEvent.NetEvent == NetEventRestart) {
            open->Paused = FALSE;
        }
    }
    return NDIS_STATUS_SUCCESS;
}

/* no OIDs are issued and status indications are not interesting */
_Use_decl_annotations_
VOID
RpOidRequestComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

_Use_decl_annotations_
VOID
RpStatus(NDIS_HANDLE ProtocolBindingContext, PNDIS_STATUS_INDICATION StatusIndication)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(StatusIndication);
}

_Use_decl_annotations_
VOID
RpReceiveNbls(
    NDIS_HANDLE         ProtocolBindingContext,
    PNET_BUFFER_LIST    NetBufferLists,
    NDIS_PORT_NUMBER    PortNumber,
    ULONG               NumberOfNetBufferLists,
    ULONG               ReceiveFlags
    )
{
    PRP_OPEN            open = (PRP_OPEN)ProtocolBindingContext;
    PNET_BUFFER_LIST    nbl;
    ULONG               returnFlags = 0;

    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);

    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl);
        ULONG       len = min(NET_BUFFER_DATA_LENGTH(nb), RP_SNAP_BYTES);
        UCHAR       local[RP_SNAP_BYTES];
        PUCHAR      data = NdisGetDataBuffer(nb, len, local, 1, 0);

        InterlockedIncrement64(&open->Frames);
        if (data == NULL) {
            continue;
        }

        NdisAcquireSpinLock(&Globals.Lock);
        Globals.Ring[Globals.RingHead].Length = len;
        NdisMoveMemory(Globals.Ring[Globals.RingHead].Bytes, data, len);
        Globals.RingHead = (Globals.RingHead + 1) % RP_RING_SLOTS;
        NdisReleaseSpinLock(&Globals.Lock);
    }

    if (NDIS_TEST_RECEIVE_CAN_PEND(ReceiveFlags)) {
        if (NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags)) {
            NDIS_SET_RETURN_FLAG(returnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
        }
        NdisReturnNetBufferLists(open->BindingHandle, NetBufferLists, returnFlags);
    }
}

/* we never send */
_Use_decl_annotations_
VOID
RpSendComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferList, ULONG SendCompleteFlags)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferList);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}
