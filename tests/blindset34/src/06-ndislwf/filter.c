#include "lwf.h"

LWF_GLOBALS g_Lwf;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LwfUnload;

FILTER_ATTACH LwfAttach;
FILTER_DETACH LwfDetach;
FILTER_RESTART LwfRestart;
FILTER_PAUSE LwfPause;
FILTER_SEND_NET_BUFFER_LISTS LwfSendNbls;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE LwfSendNblsComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS LwfReceiveNbls;
FILTER_RETURN_NET_BUFFER_LISTS LwfReturnNbls;

static ULONG
LwfCountNbls(PNET_BUFFER_LIST Nbl)
{
    ULONG n = 0;
    for (; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) {
        n++;
    }
    return n;
}

NDIS_STATUS
LwfAttach(
    NDIS_HANDLE NdisFilterHandle,
    NDIS_HANDLE FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    NDIS_FILTER_ATTRIBUTES fa;
    PLWF_MODULE m;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    if (AttachParameters->MiniportMediaType != NdisMedium802_3) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    m = (PLWF_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(LWF_MODULE),
                                                        LWF_TAG, LowPoolPriority);
    if (m == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(m, sizeof(*m));
    m->FilterHandle = NdisFilterHandle;
    m->IfIndex = AttachParameters->BaseMiniportIfIndex;

    NdisZeroMemory(&fa, sizeof(fa));
    fa.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    fa.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    fa.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    fa.Flags = 0;

    status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)m, &fa);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemory(m, 0, 0);
        return status;
    }

    NdisAcquireSpinLock(&g_Lwf.Lock);
    InsertTailList(&g_Lwf.Modules, &m->Link);
    NdisReleaseSpinLock(&g_Lwf.Lock);

    LWF_DBG("attached to ifindex %u", m->IfIndex);
    return NDIS_STATUS_SUCCESS;
}

VOID
LwfDetach(NDIS_HANDLE FilterModuleContext)
{
    PLWF_MODULE m = (PLWF_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&g_Lwf.Lock);
    RemoveEntryList(&m->Link);
    NdisReleaseSpinLock(&g_Lwf.Lock);

    LWF_DBG("detached from ifindex %u (tx %I64d rx %I64d)", m->IfIndex, m->SentNbls, m->RecvNbls);
    NdisFreeMemory(m, 0, 0);
}

NDIS_STATUS
LwfRestart(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    PLWF_MODULE m = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);
    m->Running = TRUE;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
LwfPause(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    PLWF_MODULE m = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);
    m->Running = FALSE;
    return NDIS_STATUS_SUCCESS;
}

VOID
LwfSendNbls(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
            NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    PLWF_MODULE m = (PLWF_MODULE)FilterModuleContext;

    InterlockedAdd64(&m->SentNbls, LwfCountNbls(NetBufferLists));
    NdisFSendNetBufferLists(m->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

VOID
LwfSendNblsComplete(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                    ULONG SendCompleteFlags)
{
    PLWF_MODULE m = (PLWF_MODULE)FilterModuleContext;

    NdisFSendNetBufferListsComplete(m->FilterHandle, NetBufferLists, SendCompleteFlags);
}

VOID
LwfReceiveNbls(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
               NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PLWF_MODULE m = (PLWF_MODULE)FilterModuleContext;

    InterlockedAdd64(&m->RecvNbls, NumberOfNetBufferLists);
    NdisFIndicateReceiveNetBufferLists(m->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}

VOID
LwfReturnNbls(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
    PLWF_MODULE m = (PLWF_MODULE)FilterModuleContext;

    NdisFReturnNetBufferLists(m->FilterHandle, NetBufferLists, ReturnFlags);
}

VOID
LwfUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    LWF_DBG("unloading");

    LwfDeregisterDevice();

    ASSERT(IsListEmpty(&g_Lwf.Modules));
    NdisFreeSpinLock(&g_Lwf.Lock);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fc;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(LWF_FRIENDLY_NAME);
    NDIS_STRING uniqueName = RTL_CONSTANT_STRING(LWF_UNIQUE_NAME);
    NDIS_STRING serviceName = RTL_CONSTANT_STRING(LWF_SERVICE_NAME);
    NDIS_STATUS ndisStatus;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(RegistryPath);

    LWF_DBG("DriverEntry");

    NdisZeroMemory(&g_Lwf, sizeof(g_Lwf));
    g_Lwf.DriverObject = DriverObject;
    NdisAllocateSpinLock(&g_Lwf.Lock);
    InitializeListHead(&g_Lwf.Modules);

    NdisZeroMemory(&fc, sizeof(fc));
    fc.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fc.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fc.MajorNdisVersion = LWF_MAJOR_NDIS_VERSION;
    fc.MinorNdisVersion = LWF_MINOR_NDIS_VERSION;
    fc.MajorDriverVersion = 1;
    fc.MinorDriverVersion = 0;
    fc.Flags = 0;
    fc.FriendlyName = friendlyName;
    fc.UniqueName = uniqueName;
    fc.ServiceName = serviceName;

    fc.AttachHandler = LwfAttach;
    fc.DetachHandler = LwfDetach;
    fc.RestartHandler = LwfRestart;
    fc.PauseHandler = LwfPause;
    fc.SendNetBufferListsHandler = LwfSendNbls;
    fc.SendNetBufferListsCompleteHandler = LwfSendNblsComplete;
    fc.ReceiveNetBufferListsHandler = LwfReceiveNbls;
    fc.ReturnNetBufferListsHandler = LwfReturnNbls;

    DriverObject->DriverUnload = LwfUnload;

    ndisStatus = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &fc,
                                           &g_Lwf.FilterDriverHandle);
    if (ndisStatus != NDIS_STATUS_SUCCESS) {
        LWF_DBG("NdisFRegisterFilterDriver failed 0x%x", ndisStatus);
        goto done;
    }

    status = LwfRegisterDevice();
    if (!NT_SUCCESS(status)) {
        NdisFDeregisterFilterDriver(g_Lwf.FilterDriverHandle);
        g_Lwf.FilterDriverHandle = NULL;
        goto done;
    }

    LWF_DBG("registered, handle %p", g_Lwf.FilterDriverHandle);

done:
    if (!NT_SUCCESS(status)) {
        NdisFreeSpinLock(&g_Lwf.Lock);
    }
    return status;
}
