/*++
Module Name:
    protocol.c

Abstract:
    NDIS protocol registration and the protocol-edge handlers.
--*/
#include "lwprot.h"

static const NDIS_STRING s_ProtocolName = RTL_CONSTANT_STRING(LW_PROTOCOL_NAME);

static NDIS_MEDIUM s_SupportedMedia[] = { NdisMedium802_3 };

static SET_OPTIONS                        LwSetOptions;
static PROTOCOL_BIND_ADAPTER_EX           LwBindAdapter;
static PROTOCOL_UNBIND_ADAPTER_EX         LwUnbindAdapter;
static PROTOCOL_OPEN_ADAPTER_COMPLETE_EX  LwOpenAdapterComplete;
static PROTOCOL_CLOSE_ADAPTER_COMPLETE_EX LwCloseAdapterComplete;
static PROTOCOL_NET_PNP_EVENT             LwNetPnpEvent;
static PROTOCOL_UNINSTALL                 LwUninstall;
static PROTOCOL_OID_REQUEST_COMPLETE      LwOidRequestComplete;
static PROTOCOL_STATUS_EX                 LwStatus;
static PROTOCOL_RECEIVE_NET_BUFFER_LISTS  LwReceiveNetBufferLists;
static PROTOCOL_SEND_NET_BUFFER_LISTS_COMPLETE LwSendNetBufferListsComplete;

static
VOID
LwFillCharacteristics(
    _Out_ PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars
    );

static
VOID
LwFreeOpen(
    _In_ _Post_invalid_ PLW_OPEN_CONTEXT Open
    );

static
VOID
LwFinishOpen(
    _In_ PLW_OPEN_CONTEXT Open,
    _In_ NDIS_STATUS Status
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, LwRegisterProtocol)
#pragma alloc_text(INIT, LwFillCharacteristics)
#pragma alloc_text(PAGE, LwDeregisterProtocol)
#pragma alloc_text(PAGE, LwBindAdapter)
#pragma alloc_text(PAGE, LwUnbindAdapter)
#endif

static
_Use_decl_annotations_
VOID
LwFillCharacteristics(
    PNDIS_PROTOCOL_DRIVER_CHARACTERISTICS Chars
    )
{
    NdisZeroMemory(Chars, sizeof(*Chars));

    Chars->Header.Type = NDIS_OBJECT_TYPE_PROTOCOL_DRIVER_CHARACTERISTICS;
    Chars->Header.Revision = NDIS_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;
    Chars->Header.Size = NDIS_SIZEOF_PROTOCOL_DRIVER_CHARACTERISTICS_REVISION_2;

    Chars->MajorNdisVersion = NDIS_PROTOCOL_MAJOR_VERSION;
    Chars->MinorNdisVersion = NDIS_PROTOCOL_MINOR_VERSION;
    Chars->MajorDriverVersion = 1;
    Chars->MinorDriverVersion = 4;
    Chars->Name = s_ProtocolName;

    Chars->SetOptionsHandler = LwSetOptions;
    Chars->BindAdapterHandlerEx = LwBindAdapter;
    Chars->UnbindAdapterHandlerEx = LwUnbindAdapter;
    Chars->OpenAdapterCompleteHandlerEx = LwOpenAdapterComplete;
    Chars->CloseAdapterCompleteHandlerEx = LwCloseAdapterComplete;
    Chars->NetPnPEventHandler = LwNetPnpEvent;
    Chars->UninstallHandler = LwUninstall;
    Chars->OidRequestCompleteHandler = LwOidRequestComplete;
    Chars->StatusHandlerEx = LwStatus;
    Chars->ReceiveNetBufferListsHandler = LwReceiveNetBufferLists;
    Chars->SendNetBufferListsCompleteHandler = LwSendNetBufferListsComplete;
}

_Use_decl_annotations_
NDIS_STATUS
LwRegisterProtocol(
    PLW_GLOBALS Globals
    )
{
    NDIS_PROTOCOL_DRIVER_CHARACTERISTICS chars;
    NDIS_STATUS                          status;

    LwFillCharacteristics(&chars);

    //
    // NDIS may start calling LwBindAdapter as soon as the protocol is
    // registered, and the bind handler needs the protocol handle, so it
    // is written straight into the globals.
    //
    status = NdisRegisterProtocolDriver(Globals, &chars, &Globals->ProtocolHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        LW_ERROR("NdisRegisterProtocolDriver 0x%08X", status);
        Globals->ProtocolHandle = NULL;
        return status;
    }

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
LwDeregisterProtocol(
    PLW_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (Globals->ProtocolHandle != NULL) {
        //
        // Blocks until every binding has been unbound.
        //
        NdisDeregisterProtocolDriver(Globals->ProtocolHandle);
        Globals->ProtocolHandle = NULL;
    }
}

static
_Use_decl_annotations_
NDIS_STATUS
LwSetOptions(
    NDIS_HANDLE NdisDriverHandle,
    NDIS_HANDLE DriverContext
    )
{
    UNREFERENCED_PARAMETER(NdisDriverHandle);
    UNREFERENCED_PARAMETER(DriverContext);
    return NDIS_STATUS_SUCCESS;
}

static
_Use_decl_annotations_
VOID
LwFreeOpen(
    PLW_OPEN_CONTEXT Open
    )
{
    NdisFreeSpinLock(&Open->StatsLock);
    NdisFreeMemory(Open, 0, 0);
}

static
_Use_decl_annotations_
NDIS_STATUS
LwBindAdapter(
    NDIS_HANDLE           ProtocolDriverContext,
    NDIS_HANDLE           BindContext,
    PNDIS_BIND_PARAMETERS BindParameters
    )
{
    PLW_GLOBALS           globals = (PLW_GLOBALS)ProtocolDriverContext;
    PLW_OPEN_CONTEXT      open;
    NDIS_OPEN_PARAMETERS  openParams;
    NET_FRAME_TYPE        frameTypes[] = { 0x0800, 0x86DD, 0x0806 };
    NDIS_STATUS           status;

    PAGED_CODE();

    if (globals->OpenCount >= LW_MAX_OPENS) {
        return NDIS_STATUS_RESOURCES;
    }

    open = (PLW_OPEN_CONTEXT)NdisAllocateMemoryWithTagPriority(globals->ProtocolHandle,
                                                              sizeof(LW_OPEN_CONTEXT),
                                                              LW_TAG,
                                                              NormalPoolPriority);
    if (open == NULL) {
        return NDIS_STATUS_RESOURCES;
    }

    NdisZeroMemory(open, sizeof(*open));
    NdisAllocateSpinLock(&open->StatsLock);
    open->State = LwOpenInitializing;
    open->BindContext = BindContext;
    open->IfIndex = BindParameters->BoundIfIndex;

    NdisZeroMemory(&openParams, sizeof(openParams));
    openParams.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    openParams.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    openParams.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    openParams.AdapterName = BindParameters->AdapterName;
    openParams.MediumArray = s_SupportedMedia;
    openParams.MediumArraySize = RTL_NUMBER_OF(s_SupportedMedia);
    openParams.SelectedMediumIndex = &open->SelectedMediumIndex;
    openParams.FrameTypeArray = frameTypes;
    openParams.FrameTypeArraySize = RTL_NUMBER_OF(frameTypes);

    status = NdisOpenAdapterEx(globals->ProtocolHandle,
                               open,
                               &openParams,
                               BindContext,
                               &open->BindingHandle);

    if (status == NDIS_STATUS_PENDING) {
        //
        // LwOpenAdapterComplete finishes the bind.
        //
        return NDIS_STATUS_PENDING;
    }

    LwFinishOpen(open, status);
    return status;
}

static
VOID
LwFinishOpen(
    _In_ PLW_OPEN_CONTEXT Open,
    _In_ NDIS_STATUS Status
    )
{
    if (Status == NDIS_STATUS_SUCCESS) {
        Open->Medium = s_SupportedMedia[Open->SelectedMediumIndex];
        Open->State = LwOpenPaused;

        NdisAcquireSpinLock(&g_Lw.OpenListLock);
        InsertTailList(&g_Lw.OpenList, &Open->Link);
        g_Lw.OpenCount++;
        NdisReleaseSpinLock(&g_Lw.OpenListLock);
    } else {
        LwFreeOpen(Open);
    }
}

static
_Use_decl_annotations_
VOID
LwOpenAdapterComplete(
    NDIS_HANDLE ProtocolBindingContext,
    NDIS_STATUS Status
    )
{
    PLW_OPEN_CONTEXT open = (PLW_OPEN_CONTEXT)ProtocolBindingContext;
    NDIS_HANDLE      bindContext = open->BindContext;

    //
    // Only called by NDIS for a pended open; the bind must be completed
    // back to NDIS here. LwFinishOpen may free the context.
    //
    LwFinishOpen(open, Status);
    NdisCompleteBindAdapterEx(bindContext, Status);
}

static
_Use_decl_annotations_
NDIS_STATUS
LwUnbindAdapter(
    NDIS_HANDLE UnbindContext,
    NDIS_HANDLE ProtocolBindingContext
    )
{
    PLW_OPEN_CONTEXT open = (PLW_OPEN_CONTEXT)ProtocolBindingContext;
    NDIS_STATUS      status;

    PAGED_CODE();

    open->State = LwOpenClosing;
    open->UnbindContext = UnbindContext;

    NdisAcquireSpinLock(&g_Lw.OpenListLock);
    RemoveEntryList(&open->Link);
    g_Lw.OpenCount--;
    NdisReleaseSpinLock(&g_Lw.OpenListLock);

    status = NdisCloseAdapterEx(open->BindingHandle);
    if (status == NDIS_STATUS_PENDING) {
        return NDIS_STATUS_PENDING;
    }

    LwFreeOpen(open);
    return status;
}

static
_Use_decl_annotations_
VOID
LwCloseAdapterComplete(
    NDIS_HANDLE ProtocolBindingContext
    )
{
    PLW_OPEN_CONTEXT open = (PLW_OPEN_CONTEXT)ProtocolBindingContext;
    NDIS_HANDLE      unbindContext = open->UnbindContext;

    LwFreeOpen(open);
    NdisCompleteUnbindAdapterEx(unbindContext);
}

static
_Use_decl_annotations_
NDIS_STATUS
LwNetPnpEvent(
    NDIS_HANDLE                 ProtocolBindingContext,
    PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification
    )
{
    PLW_OPEN_CONTEXT open = (PLW_OPEN_CONTEXT)ProtocolBindingContext;

    if (open == NULL) {
        return NDIS_STATUS_SUCCESS;
    }

    switch (NetPnPEventNotification->NetPnPEvent.NetEvent) {
    case NetEventPause:
        open->State = LwOpenPaused;
        break;
    case NetEventRestart:
        open->State = LwOpenRunning;
        break;
    default:
        break;
    }
    return NDIS_STATUS_SUCCESS;
}

static
_Use_decl_annotations_
VOID
LwUninstall(
    VOID
    )
{
    LW_TRACE("uninstall");
}

static
_Use_decl_annotations_
VOID
LwOidRequestComplete(
    NDIS_HANDLE       ProtocolBindingContext,
    PNDIS_OID_REQUEST OidRequest,
    NDIS_STATUS       Status
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(OidRequest);
    UNREFERENCED_PARAMETER(Status);
}

static
_Use_decl_annotations_
VOID
LwStatus(
    NDIS_HANDLE             ProtocolBindingContext,
    PNDIS_STATUS_INDICATION StatusIndication
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(StatusIndication);
}

static
VOID
LwCountFrame(
    _In_ PLW_OPEN_CONTEXT Open,
    _In_ PNET_BUFFER Nb
    )
{
    UCHAR  header[14];
    PUCHAR p;
    USHORT etherType;
    ULONG  i;

    if (NET_BUFFER_DATA_LENGTH(Nb) < sizeof(header)) {
        return;
    }

    p = (PUCHAR)NdisGetDataBuffer(Nb, sizeof(header), header, 1, 0);
    if (p == NULL) {
        return;
    }

    etherType = (USHORT)((p[12] << 8) | p[13]);

    NdisDprAcquireSpinLock(&Open->StatsLock);
    for (i = 0; i < LW_ETHERTYPE_SLOTS; i++) {
        if (Open->EtherTypes[i].EtherType == etherType) {
            Open->EtherTypes[i].Frames++;
            break;
        }
        if (Open->EtherTypes[i].EtherType == 0) {
            Open->EtherTypes[i].EtherType = etherType;
            Open->EtherTypes[i].Frames = 1;
            break;
        }
    }
    NdisDprReleaseSpinLock(&Open->StatsLock);
}

static
_Use_decl_annotations_
VOID
LwReceiveNetBufferLists(
    NDIS_HANDLE      ProtocolBindingContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG            NumberOfNetBufferLists,
    ULONG            ReceiveFlags
    )
{
    PLW_OPEN_CONTEXT open = (PLW_OPEN_CONTEXT)ProtocolBindingContext;
    PNET_BUFFER_LIST nbl;
    PNET_BUFFER      nb;
    KIRQL            oldIrql = PASSIVE_LEVEL;
    BOOLEAN          raised = FALSE;

    UNREFERENCED_PARAMETER(PortNumber);
    UNREFERENCED_PARAMETER(NumberOfNetBufferLists);

    if (!NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags)) {
        KeRaiseIrql(DISPATCH_LEVEL, &oldIrql);
        raised = TRUE;
    }

    if (open->State == LwOpenRunning) {
        for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
            for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
                LwCountFrame(open, nb);
                InterlockedIncrement64(&open->FramesReceived);
            }
        }
    }

    if (raised) {
        KeLowerIrql(oldIrql);
    }

    if (!NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) {
        NdisReturnNetBufferLists(open->BindingHandle,
                                 NetBufferLists,
                                 NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags)
                                     ? NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0);
    }
}

static
_Use_decl_annotations_
VOID
LwSendNetBufferListsComplete(
    NDIS_HANDLE      ProtocolBindingContext,
    PNET_BUFFER_LIST NetBufferList,
    ULONG            SendCompleteFlags
    )
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferList);
    UNREFERENCED_PARAMETER(SendCompleteFlags);

    //
    // lwprot never sends.
    //
    NT_ASSERT(FALSE);
}

_Use_decl_annotations_
ULONG
LwSnapshotStats(
    PLW_STATS_RECORD Records,
    ULONG            MaxRecords
    )
{
    PLIST_ENTRY      entry;
    PLW_OPEN_CONTEXT open;
    ULONG            n = 0;

    NdisAcquireSpinLock(&g_Lw.OpenListLock);

    for (entry = g_Lw.OpenList.Flink;
         entry != &g_Lw.OpenList && n < MaxRecords;
         entry = entry->Flink) {
        open = CONTAINING_RECORD(entry, LW_OPEN_CONTEXT, Link);

        Records[n].IfIndex = open->IfIndex;
        Records[n].Reserved = 0;
        Records[n].FramesReceived = open->FramesReceived;

        NdisDprAcquireSpinLock(&open->StatsLock);
        NdisMoveMemory(Records[n].EtherTypes, open->EtherTypes, sizeof(open->EtherTypes));
        NdisDprReleaseSpinLock(&open->StatsLock);

        n++;
    }

    NdisReleaseSpinLock(&g_Lw.OpenListLock);
    return n;
}
