/*
 * bind.c - binding / unbinding and the datapath stubs of rawprot
 */
#include "ndisprot.h"

static NDIS_MEDIUM RpMediumArray[] = { NdisMedium802_3 };

static VOID
RpFreeOpen(PRP_OPEN Open)
{
    NdisFreeMemory(Open, 0, 0);
}

NDIS_STATUS
RpBindAdapter(
    NDIS_HANDLE          ProtocolDriverContext,
    NDIS_HANDLE          BindContext,
    PNDIS_BIND_PARAMETERS BindParameters
    )
{
    PRP_OPEN open;
    NDIS_OPEN_PARAMETERS op;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);

    open = (PRP_OPEN)NdisAllocateMemoryWithTagPriority(Globals.ProtocolHandle,
                                                       sizeof(RP_OPEN),
                                                       RP_TAG,
                                                       NormalPoolPriority);
    if (open == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(open, sizeof(*open));
    open->BindContext = BindContext;

    NdisZeroMemory(&op, sizeof(op));
    op.Header.Type       = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    op.Header.Revision   = NDIS_OPEN_PARAMETERS_REVISION_1;
    op.Header.Size       = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    op.AdapterName       = BindParameters->AdapterName;
    op.MediumArray       = RpMediumArray;
    op.MediumArraySize   = ARRAYSIZE(RpMediumArray);
    op.SelectedMediumIndex = &open->MediumIndex;
    op.FrameTypeArray    = NULL;
    op.FrameTypeArraySize = 0;

    status = NdisOpenAdapterEx(Globals.ProtocolHandle,
                               (NDIS_HANDLE)open,
                               &op,
                               BindContext,
                               &open->BindingHandle);
    if (status == NDIS_STATUS_PENDING) {
        /* RpOpenAdapterComplete finishes the bind */
        return NDIS_STATUS_PENDING;
    }

    if (status != NDIS_STATUS_SUCCESS) {
        DBG_TRACE("NdisOpenAdapterEx failed 0x%08x\n", status);
        RpFreeOpen(open);
        return status;
    }

    open->Medium = RpMediumArray[open->MediumIndex];
    open->BindContext = NULL;

    NdisAcquireSpinLock(&Globals.Lock);
    InsertTailList(&Globals.OpenList, &open->Link);
    NdisReleaseSpinLock(&Globals.Lock);
    return NDIS_STATUS_SUCCESS;
}

VOID
RpOpenAdapterComplete(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status)
{
    PRP_OPEN open = (PRP_OPEN)ProtocolBindingContext;
    NDIS_HANDLE bindCtx = open->BindContext;

    open->BindContext = NULL;

    if (Status == NDIS_STATUS_SUCCESS) {
        open->Medium = RpMediumArray[open->MediumIndex];
        NdisAcquireSpinLock(&Globals.Lock);
        InsertTailList(&Globals.OpenList, &open->Link);
        NdisReleaseSpinLock(&Globals.Lock);
    } else {
        RpFreeOpen(open);
    }

    NdisCompleteBindAdapterEx(bindCtx, Status);
}

NDIS_STATUS
RpUnbindAdapter(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    PRP_OPEN open = (PRP_OPEN)ProtocolBindingContext;
    NDIS_STATUS status;

    NdisAcquireSpinLock(&Globals.Lock);
    RemoveEntryList(&open->Link);
    NdisReleaseSpinLock(&Globals.Lock);

    open->UnbindContext = UnbindContext;
    status = NdisCloseAdapterEx(open->BindingHandle);
    if (status == NDIS_STATUS_PENDING) {
        return NDIS_STATUS_PENDING;     /* RpCloseAdapterComplete frees it */
    }

    DBG_TRACE("unbound, %lld frames seen\n", open->RxFrames);
    RpFreeOpen(open);
    return NDIS_STATUS_SUCCESS;
}

VOID
RpCloseAdapterComplete(NDIS_HANDLE ProtocolBindingContext)
{
    PRP_OPEN open = (PRP_OPEN)ProtocolBindingContext;
    NDIS_HANDLE unbindCtx = open->UnbindContext;

    RpFreeOpen(open);
    NdisCompleteUnbindAdapterEx(unbindCtx);
}

NDIS_STATUS
RpPnpEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION Notification)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    DBG_TRACE("pnp event %d\n", Notification->NetPnPEvent.NetEvent);
    return NDIS_STATUS_SUCCESS;
}

VOID
RpOidRequestComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest,
                     NDIS_STATUS Status)
{
    /* we never issue OIDs */
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

VOID
RpStatus(NDIS_HANDLE ProtocolBindingContext, PNDIS_STATUS_INDICATION StatusIndication)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(StatusIndication);
}

VOID
RpReceive(
    NDIS_HANDLE      ProtocolBindingContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG            NumberOfNetBufferLists,
    ULONG            ReceiveFlags
    )
{
    PRP_OPEN open = (PRP_OPEN)ProtocolBindingContext;
    ULONG returnFlags = 0;

    UNREFERENCED_PARAMETER(PortNumber);

    InterlockedAdd64(&open->RxFrames, (LONG64)NumberOfNetBufferLists);

    if (NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) {
        return;     /* NDIS keeps ownership */
    }

    if (NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags)) {
        NDIS_SET_RETURN_FLAG(returnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
    }
    NdisReturnNetBufferLists(open->BindingHandle, NetBufferLists, returnFlags);
}

VOID
RpSendComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferList,
               ULONG SendCompleteFlags)
{
    /* nothing is ever sent yet */
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferList);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}
