/*++

Module Name:

    protocol.c

Abstract:

    NDIS 6.x protocol edge of nprotmon.sys: registration, binding and
    unbinding, PnP and status indications, receive accounting.

    Binding lifetime:

        BindAdapterEx        -> open context allocated, linked, NdisOpenAdapterEx
        OpenAdapterCompleteEx-> (pending case) NdisCompleteBindAdapterEx
        NetEventRestart      -> Running (receives are counted)
        NetEventPause        -> Paused
        UnbindAdapterEx      -> wait for our OID requests, NdisCloseAdapterEx
        CloseAdapterCompleteEx -> (pending case) NdisCompleteUnbindAdapterEx

--*/

#include "nprot.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, NprotRegisterProtocol)
#pragma alloc_text(PAGE, NprotBindAdapter)
#pragma alloc_text(PAGE, NprotUnbindAdapter)
#pragma alloc_text(PAGE, NprotUninstall)
#endif

static NDIS_MEDIUM NprotMediumArray[] = {
    NdisMedium802_3
};

static NET_FRAME_TYPE NprotFrameTypes[] = {
    NDIS_ETH_TYPE_IPV4,
    NDIS_ETH_TYPE_ARP,
    NDIS_ETH_TYPE_IPV6
};

#define NPROT_PACKET_FILTER (NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST)

//
// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------
//

static
VOID
NprotRequestStarted(
    _Inout_ PNPROT_OPEN_CONTEXT Open
    )
{
    NdisAcquireSpinLock(&Globals.OpenListLock);
    if (Open->PendingRequests++ == 0) {
        NdisResetEvent(&Open->RequestsIdle);
    }
    NdisReleaseSpinLock(&Globals.OpenListLock);
}

static
VOID
NprotRequestFinished(
    _Inout_ PNPROT_OPEN_CONTEXT Open
    )
{
    NdisAcquireSpinLock(&Globals.OpenListLock);
    NT_ASSERT(Open->PendingRequests > 0);
    if (--Open->PendingRequests == 0) {
        NdisSetEvent(&Open->RequestsIdle);
    }
    NdisReleaseSpinLock(&Globals.OpenListLock);
}

static
VOID
NprotFreeOpen(
    _In_ __drv_freesMem(Mem) PNPROT_OPEN_CONTEXT Open
    )
{
    NdisAcquireSpinLock(&Globals.OpenListLock);
    RemoveEntryList(&Open->Link);
    Globals.OpenCount--;
    NdisReleaseSpinLock(&Globals.OpenListLock);

    ExFreePoolWithTag(Open, NPROT_TAG_OPEN);
}

static
NDIS_STATUS
NprotSetPacketFilter(
    _Inout_ PNPROT_OPEN_CONTEXT Open,
    _In_ ULONG Filter
    )
{
    PNPROT_REQUEST req;
    NDIS_STATUS status;

    req = (PNPROT_REQUEST)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(NPROT_REQUEST), NPROT_TAG_REQUEST);
    if (req == NULL) {
        return NDIS_STATUS_RESOURCES;
    }

    req->Open = Open;
    req->Buffer = Filter;

    req->Request.Header.Type = NDIS_OBJECT_TYPE_OID_REQUEST;
    req->Request.Header.Revision = NDIS_OID_REQUEST_REVISION_1;
    req->Request.Header.Size = NDIS_SIZEOF_OID_REQUEST_REVISION_1;
    req->Request.RequestType = NdisRequestSetInformation;
    req->Request.PortNumber = NDIS_DEFAULT_PORT_NUMBER;
    req->Request.DATA.SET_INFORMATION.Oid = OID_GEN_CURRENT_PACKET_FILTER;
    req->Request.DATA.SET_INFORMATION.InformationBuffer = &req->Buffer;
    req->Request.DATA.SET_INFORMATION.InformationBufferLength = sizeof(req->Buffer);

    NprotRequestStarted(Open);

    status = NdisOidRequest(Open->BindingHandle, &req->Request);
    if (status != NDIS_STATUS_PENDING) {
        NprotRequestComplete(Open, &req->Request, status);
    }

    return (status == NDIS_STATUS_PENDING) ? NDIS_STATUS_SUCCESS : status;
}

//
// Called once the NdisOpenAdapterEx outcome is known (synchronously
// from BindAdapterEx or from OpenAdapterCompleteEx).  On failure the
// open context is released here.
//
static
VOID
NprotFinishOpen(
    _Inout_ PNPROT_OPEN_CONTEXT Open,
    _In_ NDIS_STATUS Status
    )
{
    if (Status != NDIS_STATUS_SUCCESS) {
        NPROT_ERR("open of %ws failed 0x%08X", Open->Name, Status);
        NprotFreeOpen(Open);
        return;
    }

    Open->Medium = NprotMediumArray[Open->SelectedMediumIndex];
    Open->State = NprotOpenPaused;

    //
    // Failure to set the filter only means we count nothing; the
    // binding itself is fine, so it is not propagated.
    //
    if (NprotSetPacketFilter(Open, NPROT_PACKET_FILTER) != NDIS_STATUS_SUCCESS) {
        NPROT_ERR("cannot set packet filter on %ws", Open->Name);
    }
}

//
// ---------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------
//

_Use_decl_annotations_
NTSTATUS
NprotRegisterProtocol(
    PNPROT_GLOBALS G
    )
{
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS pc;
    NDIS_STRING protocolName = RTL_CONSTANT_STRING(NPROT_PROTOCOL_NAME);
    NDIS_STATUS status;

    PAGED_CODE();

    NdisZeroMemory(&pc, sizeof(pc));

    pc.Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    pc.Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    pc.Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;

    pc.MajorNdisVersion = NPROT_MAJOR_NDIS_VERSION;
    pc.MinorNdisVersion = NPROT_MINOR_NDIS_VERSION;
    pc.MajorDriverVersion = 1;
    pc.MinorDriverVersion = 3;
    pc.Name = protocolName;

    pc.BindAdapterHandlerEx = NprotBindAdapter;
    pc.UnbindAdapterHandlerEx = NprotUnbindAdapter;
    pc.OpenAdapterCompleteHandlerEx = NprotOpenAdapterComplete;
    pc.CloseAdapterCompleteHandlerEx = NprotCloseAdapterComplete;
    pc.NetPnPEventHandler = NprotPnpEvent;
    pc.UninstallHandler = NprotUninstall;
    pc.OidRequestCompleteHandler = NprotRequestComplete;
    pc.StatusHandlerEx = NprotStatus;
    pc.ReceiveNetBufferListsHandler = NprotReceiveNbls;
    pc.SendNetBufferListsCompleteHandler = NprotSendComplete;

    status = NdisRegisterProtocolDriver(G, &pc, &G->ProtocolHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        G->ProtocolHandle = NULL;
        return (status == NDIS_STATUS_FAILURE) ? STATUS_UNSUCCESSFUL : (NTSTATUS)status;
    }

    return STATUS_SUCCESS;
}

//
// ---------------------------------------------------------------------------
// Bind / unbind
// ---------------------------------------------------------------------------
//

_Use_decl_annotations_
NDIS_STATUS
NprotBindAdapter(
    NDIS_HANDLE ProtocolDriverContext,
    NDIS_HANDLE BindContext,
    PNDIS_BIND_PARAMETERS BindParameters
    )
{
    PNPROT_GLOBALS g = (PNPROT_GLOBALS)ProtocolDriverContext;
    PNPROT_OPEN_CONTEXT open;
    NDIS_STATUS status;
    USHORT copyBytes;

    PAGED_CODE();

    if (BindParameters->MediaType != NdisMedium802_3) {
        return NDIS_STATUS_UNSUPPORTED_MEDIA;
    }

    open = (PNPROT_OPEN_CONTEXT)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                sizeof(NPROT_OPEN_CONTEXT),
                                                NPROT_TAG_OPEN);
    if (open == NULL) {
        return NDIS_STATUS_RESOURCES;
    }

    open->State = NprotOpenOpening;
    open->BindContext = BindContext;
    open->MediaConnected = (BindParameters->MediaConnectState == MediaConnectStateConnected);
    NdisInitializeEvent(&open->RequestsIdle);
    NdisSetEvent(&open->RequestsIdle);

    if (BindParameters->AdapterName != NULL) {
        copyBytes = BindParameters->AdapterName->Length;
        if (copyBytes > (NPROT_MAX_NAME_CHARS - 1) * sizeof(WCHAR)) {
            copyBytes = (NPROT_MAX_NAME_CHARS - 1) * sizeof(WCHAR);
        }
        RtlCopyMemory(open->Name, BindParameters->AdapterName->Buffer, copyBytes);
    }

    NdisAcquireSpinLock(&g->OpenListLock);
    InsertTailList(&g->OpenList, &open->Link);
    g->OpenCount++;
    NdisReleaseSpinLock(&g->OpenListLock);

    open->OpenParameters.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    open->OpenParameters.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    open->OpenParameters.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    open->OpenParameters.AdapterName = BindParameters->AdapterName;
    open->OpenParameters.MediumArray = NprotMediumArray;
    open->OpenParameters.MediumArraySize = RTL_NUMBER_OF(NprotMediumArray);
    open->OpenParameters.SelectedMediumIndex = &open->SelectedMediumIndex;
    open->OpenParameters.FrameTypeArray = NprotFrameTypes;
    open->OpenParameters.FrameTypeArraySize = RTL_NUMBER_OF(NprotFrameTypes);

    status = NdisOpenAdapterEx(g->ProtocolHandle,
                               open,
                               &open->OpenParameters,
                               BindContext,
                               &open->BindingHandle);
    if (status == NDIS_STATUS_PENDING) {
        //
        // NprotOpenAdapterComplete will finish the open and complete
        // the bind; 'open' must not be touched here any more.
        //
        return NDIS_STATUS_PENDING;
    }

    open->BindContext = NULL;
    NprotFinishOpen(open, status);      // frees 'open' on failure
    return status;
}

_Use_decl_annotations_
VOID
NprotOpenAdapterComplete(
    NDIS_HANDLE ProtocolBindingContext,
    NDIS_STATUS Status
    )
{
    PNPROT_OPEN_CONTEXT open = (PNPROT_OPEN_CONTEXT)ProtocolBindingContext;
    NDIS_HANDLE bindContext = open->BindContext;

    open->BindContext = NULL;
    NprotFinishOpen(open, Status);      // frees 'open' on failure

    NdisCompleteBindAdapterEx(bindContext, Status);
}

_Use_decl_annotations_
NDIS_STATUS
NprotUnbindAdapter(
    NDIS_HANDLE UnbindContext,
    NDIS_HANDLE ProtocolBindingContext
    )
{
    PNPROT_OPEN_CONTEXT open = (PNPROT_OPEN_CONTEXT)ProtocolBindingContext;
    NDIS_STATUS status;

    PAGED_CODE();

    NdisAcquireSpinLock(&Globals.OpenListLock);
    open->State = NprotOpenClosing;
    open->UnbindContext = UnbindContext;
    NdisReleaseSpinLock(&Globals.OpenListLock);

    //
    // Outstanding OID requests must complete before the binding goes.
    //
    (VOID)NdisWaitEvent(&open->RequestsIdle, 0);

    status = NdisCloseAdapterEx(open->BindingHandle);
    if (status == NDIS_STATUS_PENDING) {
        return NDIS_STATUS_PENDING;
    }

    NprotFreeOpen(open);
    return status;
}

_Use_decl_annotations_
VOID
NprotCloseAdapterComplete(
    NDIS_HANDLE ProtocolBindingContext
    )
{
    PNPROT_OPEN_CONTEXT open = (PNPROT_OPEN_CONTEXT)ProtocolBindingContext;
    NDIS_HANDLE unbindContext = open->UnbindContext;

    NprotFreeOpen(open);
    NdisCompleteUnbindAdapterEx(unbindContext);
}

//
// ---------------------------------------------------------------------------
// PnP, status, requests
// ---------------------------------------------------------------------------
//

_Use_decl_annotations_
NDIS_STATUS
NprotPnpEvent(
    NDIS_HANDLE ProtocolBindingContext,
    PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification
    )
{
    PNPROT_OPEN_CONTEXT open = (PNPROT_OPEN_CONTEXT)ProtocolBindingContext;

    switch (NetPnPEventNotification->NetPnPEvent.NetEvent) {
    case NetEventPause:
        if (open != NULL) {
            open->State = NprotOpenPaused;
        }
        break;

    case NetEventRestart:
        if (open != NULL) {
            open->State = NprotOpenRunning;
        }
        break;

    case NetEventBindsComplete:
        NPROT_INFO("initial binds complete, %lu bindings", Globals.OpenCount);
        break;

    default:
        break;
    }

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
NprotUninstall(
    VOID
    )
{
    PAGED_CODE();
    NPROT_INFO("protocol uninstall");
}

_Use_decl_annotations_
VOID
NprotRequestComplete(
    NDIS_HANDLE ProtocolBindingContext,
    PNDIS_OID_REQUEST OidRequest,
    NDIS_STATUS Status
    )
{
    PNPROT_OPEN_CONTEXT open = (PNPROT_OPEN_CONTEXT)ProtocolBindingContext;
    PNPROT_REQUEST req = CONTAINING_RECORD(OidRequest, NPROT_REQUEST, Request);

    if (Status == NDIS_STATUS_SUCCESS &&
        OidRequest->DATA.SET_INFORMATION.Oid == OID_GEN_CURRENT_PACKET_FILTER) {
        open->PacketFilter = req->Buffer;
    }

    ExFreePoolWithTag(req, NPROT_TAG_REQUEST);
    NprotRequestFinished(open);
}

_Use_decl_annotations_
VOID
NprotStatus(
    NDIS_HANDLE ProtocolBindingContext,
    PNDIS_STATUS_INDICATION StatusIndication
    )
{
    PNPROT_OPEN_CONTEXT open = (PNPROT_OPEN_CONTEXT)ProtocolBindingContext;
    PNDIS_LINK_STATE linkState;

    if (StatusIndication->StatusCode != NDIS_STATUS_LINK_STATE ||
        StatusIndication->StatusBufferSize < sizeof(NDIS_LINK_STATE)) {
        return;
    }

    linkState = (PNDIS_LINK_STATE)StatusIndication->StatusBuffer;
    open->MediaConnected = (linkState->MediaConnectState == MediaConnectStateConnected);
}

//
// ---------------------------------------------------------------------------
// Data path
// ---------------------------------------------------------------------------
//

_Use_decl_annotations_
VOID
NprotReceiveNbls(
    NDIS_HANDLE ProtocolBindingContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG NumberOfNetBufferLists,
    ULONG ReceiveFlags
    )
{
    PNPROT_OPEN_CONTEXT open = (PNPROT_OPEN_CONTEXT)ProtocolBindingContext;
    PNET_BUFFER_LIST nbl;
    PNET_BUFFER nb;
    UCHAR storage[6];
    PUCHAR dest;
    ULONG returnFlags = 0;

    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);

    if (open->State == NprotOpenRunning) {
        for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
            for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {

                InterlockedIncrement64(&open->Frames);
                InterlockedAdd64(&open->Bytes, NET_BUFFER_DATA_LENGTH(nb));

                dest = (PUCHAR)NdisGetDataBuffer(nb, sizeof(storage), storage, 1, 0);
                if (dest != NULL && ETH_IS_BROADCAST(dest)) {
                    InterlockedIncrement64(&open->Broadcast);
                }
            }
        }
    }

    //
    // We never keep the buffers.  With NDIS_RECEIVE_FLAGS_RESOURCES the
    // miniport reclaims them as soon as we return.
    //
    if (!NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) {
        if (NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags)) {
            NDIS_SET_RETURN_FLAG(returnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
        }
        NdisReturnNetBufferLists(open->BindingHandle, NetBufferLists, returnFlags);
    }
}

_Use_decl_annotations_
VOID
NprotSendComplete(
    NDIS_HANDLE ProtocolBindingContext,
    PNET_BUFFER_LIST NetBufferList,
    ULONG SendCompleteFlags
    )
{
    //
    // nprotmon never sends; NDIS has nothing to complete.
    //
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferList);
    UNREFERENCED_PARAMETER(SendCompleteFlags);

    NT_ASSERT(FALSE);
}
