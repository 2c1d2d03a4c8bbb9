/*
 * protocol.c - NetSniff binding and receive path
 */
#include "ndisprot.h"

static VOID NpSetPacketFilter(PNP_ADAPTER Adapter)
{
    NDIS_STATUS status;
    PNDIS_OID_REQUEST req = &Adapter->FilterRequest;

    Adapter->PacketFilter = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_BROADCAST | NDIS_PACKET_TYPE_MULTICAST;

    NdisZeroMemory(req, sizeof(*req));
    req->Header.Type = NDIS_OBJECT_TYPE_OID_REQUEST;
    req->Header.Revision = NDIS_OID_REQUEST_REVISION_1;
    req->Header.Size = NDIS_SIZEOF_OID_REQUEST_REVISION_1;
    req->RequestType = NdisRequestSetInformation;
    req->DATA.SET_INFORMATION.Oid = OID_GEN_CURRENT_PACKET_FILTER;
    req->DATA.SET_INFORMATION.InformationBuffer = &Adapter->PacketFilter;
    req->DATA.SET_INFORMATION.InformationBufferLength = sizeof(Adapter->PacketFilter);

    KeClearEvent(&Adapter->FilterDone);
    status = NdisOidRequest(Adapter->BindingHandle, req);
    if (status != NDIS_STATUS_PENDING) {
        NpOidComplete(Adapter, req, status);
    }
}

/* common tail of a bind, synchronous or not */
static VOID NpFinishOpen(PNP_ADAPTER Adapter, NDIS_STATUS Status)
{
    if (Status != NDIS_STATUS_SUCCESS) {
        ExFreePoolWithTag(Adapter, NP_TAG);
        return;
    }

    NdisAcquireSpinLock(&g_Np.Lock);
    InsertTailList(&g_Np.Adapters, &Adapter->Link);
    g_Np.AdapterCount++;
    NdisReleaseSpinLock(&g_Np.Lock);

    NpSetPacketFilter(Adapter);
}

NDIS_STATUS NpBind(NDIS_HANDLE ProtocolDriverContext, NDIS_HANDLE BindContext, PNDIS_BIND_PARAMETERS BindParameters)
{
    static NDIS_MEDIUM media[] = { NdisMedium802_3 };
    NDIS_OPEN_PARAMETERS open;
    PNP_ADAPTER adapter;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(ProtocolDriverContext);

    if (BindParameters->MediaType != NdisMedium802_3) {
        return NDIS_STATUS_UNSUPPORTED_MEDIA;
    }

    adapter = (PNP_ADAPTER)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(NP_ADAPTER), NP_TAG);
    if (adapter == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    adapter->BindContext = BindContext;
    KeInitializeEvent(&adapter->FilterDone, NotificationEvent, TRUE);

    NdisZeroMemory(&open, sizeof(open));
    open.Header.Type = NDIS_OBJECT_TYPE_OPEN_PARAMETERS;
    open.Header.Revision = NDIS_OPEN_PARAMETERS_REVISION_1;
    open.Header.Size = NDIS_SIZEOF_OPEN_PARAMETERS_REVISION_1;
    open.AdapterName = BindParameters->AdapterName;
    open.MediumArray = media;
    open.MediumArraySize = RTL_NUMBER_OF(media);
    open.SelectedMediumIndex = &adapter->MediumIndex;

    status = NdisOpenAdapterEx(g_Np.ProtocolHandle, (NDIS_HANDLE)adapter, &open, BindContext,
                               &adapter->BindingHandle);
    if (status == NDIS_STATUS_PENDING) {
        return NDIS_STATUS_PENDING;          /* NpOpenComplete finishes it */
    }

    NpFinishOpen(adapter, status);
    return status;
}

VOID NpOpenComplete(NDIS_HANDLE ProtocolBindingContext, NDIS_STATUS Status)
{
    PNP_ADAPTER adapter = (PNP_ADAPTER)ProtocolBindingContext;
    NDIS_HANDLE bindContext = adapter->BindContext;

    NpFinishOpen(adapter, Status);
    NdisCompleteBindAdapterEx(bindContext, Status);
}

NDIS_STATUS NpUnbind(NDIS_HANDLE UnbindContext, NDIS_HANDLE ProtocolBindingContext)
{
    PNP_ADAPTER adapter = (PNP_ADAPTER)ProtocolBindingContext;
    NDIS_STATUS status;

    /* the filter OID must be back before the binding goes */
    KeWaitForSingleObject(&adapter->FilterDone, Executive, KernelMode, FALSE, NULL);

    NdisAcquireSpinLock(&g_Np.Lock);
    RemoveEntryList(&adapter->Link);
    g_Np.AdapterCount--;
    NdisReleaseSpinLock(&g_Np.Lock);

    adapter->UnbindContext = UnbindContext;
    status = NdisCloseAdapterEx(adapter->BindingHandle);
    if (status == NDIS_STATUS_PENDING) {
        return NDIS_STATUS_PENDING;          /* NpCloseComplete frees it */
    }

    ExFreePoolWithTag(adapter, NP_TAG);
    return status;
}

VOID NpCloseComplete(NDIS_HANDLE ProtocolBindingContext)
{
    PNP_ADAPTER adapter = (PNP_ADAPTER)ProtocolBindingContext;
    NDIS_HANDLE unbindContext = adapter->UnbindContext;

    ExFreePoolWithTag(adapter, NP_TAG);
    NdisCompleteUnbindAdapterEx(unbindContext);
}

VOID NpOidComplete(NDIS_HANDLE ProtocolBindingContext, PNDIS_OID_REQUEST OidRequest, NDIS_STATUS Status)
{
    PNP_ADAPTER adapter = (PNP_ADAPTER)ProtocolBindingContext;

    UNREFERENCED_PARAMETER(OidRequest);

    if (Status != NDIS_STATUS_SUCCESS) {
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, "netsniff: packet filter 0x%08X\n", Status);
    }
    KeSetEvent(&adapter->FilterDone, IO_NO_INCREMENT, FALSE);
}

VOID NpReceive(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferLists, NDIS_PORT_NUMBER PortNumber,
               ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PNP_ADAPTER adapter = (PNP_ADAPTER)ProtocolBindingContext;
    ULONG returnFlags = 0;

    UNREFERENCED_PARAMETER(PortNumber);

    InterlockedAdd64(&adapter->Frames, NumberOfNetBufferLists);

    if (NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) {
        return;                                 /* NDIS keeps ownership */
    }
    if (NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags)) {
        NDIS_SET_RETURN_FLAG(returnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
    }
    NdisReturnNetBufferLists(adapter->BindingHandle, NetBufferLists, returnFlags);
}

VOID NpSendComplete(NDIS_HANDLE ProtocolBindingContext, PNET_BUFFER_LIST NetBufferList, ULONG SendCompleteFlags)
{
    /* we never send */
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetBufferList);
    UNREFERENCED_PARAMETER(SendCompleteFlags);
}

VOID NpStatus(NDIS_HANDLE ProtocolBindingContext, PNDIS_STATUS_INDICATION StatusIndication)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(StatusIndication);
}

NDIS_STATUS NpPnpEvent(NDIS_HANDLE ProtocolBindingContext, PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification)
{
    UNREFERENCED_PARAMETER(ProtocolBindingContext);
    UNREFERENCED_PARAMETER(NetPnPEventNotification);
    return NDIS_STATUS_SUCCESS;
}

VOID NpGetStats(NP_STATS* Stats)
{
    PLIST_ENTRY e;

    RtlZeroMemory(Stats, sizeof(*Stats));
    NdisAcquireSpinLock(&g_Np.Lock);
    for (e = g_Np.Adapters.Flink; e != &g_Np.Adapters; e = e->Flink) {
        Stats->Frames += CONTAINING_RECORD(e, NP_ADAPTER, Link)->Frames;
    }
    Stats->Adapters = g_Np.AdapterCount;
    NdisReleaseSpinLock(&g_Np.Lock);
}
