/*++

Module Name:

    protocol.c

Abstract:

    NDIS protocol entry points: binding, unbinding, receive and send
    completion.

--*/
#include "ndisprot.h"

static NDIS_MEDIUM MediumArray[] = { NdisMedium802_3 };

_Use_decl_annotations_
NDIS_STATUS
NdisprotSetOptions(
    NDIS_HANDLE NdisDriverHandle,
    NDIS_HANDLE DriverContext
    )
{
    UNREFERENCED_PARAMETER(NdisDriverHandle);
    UNREFERENCED_PARAMETER(DriverContext);
    return NDIS_STATUS_SUCCESS;
}

PNDISPROT_OPEN_CONTEXT
NdisprotLookupDevice(
    _In_ PCUNICODE_STRING Name
    )
{
    PLIST_ENTRY entry;
    PNDISPROT_OPEN_CONTEXT found = NULL;

    NdisAcquireSpinLock(&Globals.GlobalLock);
    for (entry = Globals.OpenList.Flink; entry != &Globals.OpenList; entry = entry->Flink) {
        PNDISPROT_OPEN_CONTEXT open = CONTAINING_RECORD(entry, NDISPROT_OPEN_CONTEXT, Link);
        if (!open->Closing && RtlEqualUnicodeString(&open->DeviceName, Name, TRUE)) {
            found = open;
            break;
        }
    }
    NdisReleaseSpinLock(&Globals.GlobalLock);
    return found;
}

VOID
NdisprotFlushReceiveQueue(
    _In_ PNDISPROT_OPEN_CONTEXT Open
    )
{
    LIST_ENTRY local;

    InitializeListHead(&local);

    NdisAcquireSpinLock(&Open->Lock);
    while (!IsListEmpty(&Open->RecvQueue)) {
        InsertTailList(&local, RemoveHeadList(&Open->RecvQueue));
    }
    Open->RecvQueueSize = 0;
    NdisReleaseSpinLock(&Open->Lock);

    while (!IsListEmpty(&local)) {
        ExFreeToLookasideListEx(&Globals.RecvLookaside,
                                CONTAINING_RECORD(RemoveHeadList(&local), NPROT_RECV_COPY, Link));
    }
}

static VOID
NdisprotFreeOpen(
    _In_ PNDISPROT_OPEN_CONTEXT Open
    )
{
    NdisprotFlushReceiveQueue(Open);
    if (Open->SendNblPool != NULL) {
        NdisFreeNetBufferListPool(Open->SendNblPool);
    }
    if (Open->DeviceName.Buffer != NULL) {
        NdisFreeMemory(Open->DeviceName.Buffer, 0, 0);
    }
    NdisFreeSpinLock(&Open->Lock);
    NdisFreeMemory(Open, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS
NdisprotBindAdapter(
    NDIS_HANDLE ProtocolDriverContext,
    NDIS_HANDLE BindContext,
    PNDIS_BIND_PARAMETERS BindParameters
    )
{
    PNDISPROT_OPEN_CONTEXT open;
    NDIS_OPEN_PARAMETERS openParameters;
    NET_BUFFER_LIST_POOL_PARAMETERS poolParameters;
    NDIS_STATUS status;
    UINT selectedMediumIndex;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);

    if (BindParameters->MediaType != NdisMedium802_3) {
        return NDIS_STATUS_UNSUPPORTED_MEDIA;
    }

    open = (PNDISPROT_OPEN_CONTEXT)NdisAllocateMemoryWithTagPriority(Globals.NdisProtocolHandle,
                                                                     sizeof(*open),
                                                                     NPROT_TAG,
                                                                     NormalPoolPriority);
    if (open == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(open, sizeof(*open));
    NdisAllocateSpinLock(&open->Lock);
    InitializeListHead(&open->RecvQueue);
    NdisInitializeEvent(&open->BindEvent);
    NdisInitializeEvent(&open->ClosedEvent);
    open->MaxFrameSize = BindParameters->MtuSize + 14;
    NdisMoveMemory(open->CurrentAddress, BindParameters->CurrentMacAddress, 6);

    open->DeviceName.Buffer = (PWCH)NdisAllocateMemoryWithTagPriority(Globals.NdisProtocolHandle,
                                                                      BindParameters->AdapterName->Length,
                                                                      NPROT_TAG,
                                                                      NormalPoolPriority);
    if (open->DeviceName.Buffer == NULL) {
        NdisprotFreeOpen(open);
        return NDIS_STATUS_RESOURCES;
    }
    open->DeviceName.MaximumLength = BindParameters->AdapterName->Length;
    RtlCopyUnicodeString(&open->DeviceName, BindParameters->AdapterName);

    NdisZeroMemory(&poolParameters, sizeof(poolParameters));
    poolParameters.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    poolParameters.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    poolParameters.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    poolParameters.ProtocolId = NDIS_PROTOCOL_ID_DEFAULT;
    poolParameters.fAllocateNetBuffer = TRUE;
    poolParameters.PoolTag = NPROT_TAG;
    open->SendNblPool = NdisAllocateNetBufferListPool(Globals.NdisProtocolHandle, &poolParameters);
    if (open->SendNblPool == NULL) {
        NdisprotFreeOpen(open);
        return NDIS_STATUS_RESOURCES;
    }

    NdisZeroMemory(&openParameters, sizeof(openParameters));
    openParameters.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    openParameters.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    openParameters.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    openParameters.AdapterName = BindParameters->AdapterName;
    openParameters.MediumArray = MediumArray;
    openParameters.MediumArraySize = RTL_NUMBER_OF(MediumArray);
    openParameters.SelectedMediumIndex = &selectedMediumIndex;
    openParameters.FrameTypeArray = &Globals.EthType;
    openParameters.FrameTypeArraySize = 1;

    status = NdisOpenAdapterEx(Globals.NdisProtocolHandle, open, &openParameters,
                               BindContext, &open->BindingHandle);
    if (status == NDIS_STATUS_PENDING) {
        NdisWaitEvent(&open->BindEvent, 0);
        status = open->BindStatus;
    }
    if (status != NDIS_STATUS_SUCCESS) {
        NdisprotFreeOpen(open);
        return status;
    }

    NdisAcquireSpinLock(&Globals.GlobalLock);
    InsertTailList(&Globals.OpenList, &open->Link);
    NdisReleaseSpinLock(&Globals.GlobalLock);

    DEBUGP(DL_INFO, ("bound to %wZ\n", &open->DeviceName));
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
NdisprotOpenAdapterComplete(
    NDIS_HANDLE ProtocolBindingContext,
    NDIS_STATUS Status
    )
{
    PNDISPROT_OPEN_CONTEXT open = (PNDISPROT_OPEN_CONTEXT)ProtocolBindingContext;

    open->BindStatus = Status;
    NdisSetEvent(&open->BindEvent);
}

_Use_decl_annotations_
NDIS_STATUS
NdisprotUnbindAdapter(
    NDIS_HANDLE UnbindContext,
    NDIS_HANDLE ProtocolBindingContext
    )
{
    PNDISPROT_OPEN_CONTEXT open = (PNDISPROT_OPEN_CONTEXT)ProtocolBindingContext;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(UnbindContext);

    NdisAcquireSpinLock(&Globals.GlobalLock);
    open->Closing = TRUE;
    RemoveEntryList(&open->Link);
    NdisReleaseSpinLock(&Globals.GlobalLock);

    while (InterlockedCompareExchange(&open->PendedSendCount, 0, 0) != 0) {
        NdisMSleep(1000);
    }

    status = NdisCloseAdapterEx(open->BindingHandle);
    if (status == NDIS_STATUS_PENDING) {
        NdisWaitEvent(&open->ClosedEvent, 0);
    }
    open->BindingHandle = NULL;

    NdisprotFreeOpen(open);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
NdisprotCloseAdapterComplete(
    NDIS_HANDLE ProtocolBindingContext
    )
{
    PNDISPROT_OPEN_CONTEXT open = (PNDISPROT_OPEN_CONTEXT)ProtocolBindingContext;
    NdisSetEvent(&open->ClosedEvent);
}

_Use_decl_annotations_
NDIS_STATUS
NdisprotPnPEventHandler(
    NDIS_HANDLE ProtocolBindingContext,
    PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);

    if (NetPnPEventNotification->NetPnPEvent.NetEvent == NetEventBindsComplete) {
        NdisSetEvent(&Globals.BindsComplete);
    }
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
NdisprotProtocolUninstall(
    VOID
    )
{
}

_Use_decl_annotations_
VOID
NdisprotRequestComplete(
    NDIS_HANDLE ProtocolBindingContext,
    PNDIS_OID_REQUEST NdisRequest,
    NDIS_STATUS Status
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NdisRequest);
    UNREFERENCED_PARAMETER(Status);
}

_Use_decl_annotations_
VOID
NdisprotStatus(
    NDIS_HANDLE ProtocolBindingContext,
    PNDIS_STATUS_INDICATION StatusIndication
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(StatusIndication);
}

_Use_decl_annotations_
VOID
NdisprotReceiveNetBufferLists(
    NDIS_HANDLE ProtocolBindingContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG NumberOfNetBufferLists,
    ULONG ReceiveFlags
    )
{
    PNDISPROT_OPEN_CONTEXT open = (PNDISPROT_OPEN_CONTEXT)ProtocolBindingContext;
    PNET_BUFFER_LIST nbl;
    ULONG returnFlags = 0;

    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);

    if (NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags)) {
        NDIS_SET_RETURN_FLAG(returnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
    }

    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        PNET_BUFFER nb = NET_BUFFER_LIST_FIRST_NB(nbl);
        ULONG length = NET_BUFFER_DATA_LENGTH(nb);
        PNPROT_RECV_COPY copy;
        PVOID data;

        if (open->FileObject == NULL || length > NPROT_MAX_FRAME ||
            open->RecvQueueSize >= NPROT_RECV_QUEUE_LIMIT) {
            continue;
        }

        copy = (PNPROT_RECV_COPY)ExAllocateFromLookasideListEx(&Globals.RecvLookaside);
        if (copy == NULL) {
            continue;
        }
        data = NdisGetDataBuffer(nb, length, copy->Data, 1, 0);
        if (data == NULL) {
            ExFreeToLookasideListEx(&Globals.RecvLookaside, copy);
            continue;
        }
        if (data != copy->Data) {
            NdisMoveMemory(copy->Data, data, length);
        }
        copy->Length = length;

        NdisAcquireSpinLock(&open->Lock);
        InsertTailList(&open->RecvQueue, &copy->Link);
        open->RecvQueueSize++;
        NdisReleaseSpinLock(&open->Lock);
    }

    if (!NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) {
        NdisReturnNetBufferLists(open->BindingHandle, NetBufferLists, returnFlags);
    }
}

_Use_decl_annotations_
VOID
NdisprotSendComplete(
    NDIS_HANDLE ProtocolBindingContext,
    PNET_BUFFER_LIST NetBufferList,
    ULONG SendCompleteFlags
    )
{
    PNDISPROT_OPEN_CONTEXT open = (PNDISPROT_OPEN_CONTEXT)ProtocolBindingContext;

    UNREFERENCED_PARAMETER(SendCompleteFlags);

    while (NetBufferList != NULL) {
        PNET_BUFFER_LIST next = NET_BUFFER_LIST_NEXT_NBL(NetBufferList);
        NdisFreeNetBufferList(NetBufferList);
        InterlockedDecrement(&open->PendedSendCount);
        NetBufferList = next;
    }
}
