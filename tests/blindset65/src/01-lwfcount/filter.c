/*
 * filter.c - DriverEntry, unload and the NDIS filter handlers.
 */
#include "lwfcount.h"

LWFC_GLOBALS g_Lwfc;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     LwfcUnload;

FILTER_ATTACH                        LwfcAttach;
FILTER_DETACH                        LwfcDetach;
FILTER_RESTART                       LwfcRestart;
FILTER_PAUSE                         LwfcPause;
FILTER_SEND_NET_BUFFER_LISTS         LwfcSend;
FILTER_SEND_NET_BUFFER_LISTS_COMPLETE LwfcSendComplete;
FILTER_RECEIVE_NET_BUFFER_LISTS      LwfcReceive;
FILTER_RETURN_NET_BUFFER_LISTS       LwfcReturn;

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LwfcUnload)

static ULONG
LwfcCountNbls(_In_ PNET_BUFFER_LIST Nbl)
{
    ULONG n = 0;
    for (; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) {
        n++;
    }
    return n;
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS fc;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(LWFC_FRIENDLY_NAME);
    NDIS_STRING uniqueName   = RTL_CONSTANT_STRING(LWFC_UNIQUE_NAME);
    NDIS_STRING serviceName  = RTL_CONSTANT_STRING(LWFC_SERVICE_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    LWFC_LOG("DriverEntry built %s %s", __DATE__, __TIME__);

    NdisZeroMemory(&g_Lwfc, sizeof(g_Lwfc));
    g_Lwfc.DriverObject = DriverObject;

    NdisZeroMemory(&fc, sizeof(fc));
    fc.Header.Type     = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Size     = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fc.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;

    fc.MajorNdisVersion   = LWFC_MAJOR_NDIS_VERSION;
    fc.MinorNdisVersion   = LWFC_MINOR_NDIS_VERSION;
    fc.MajorDriverVersion = 1;
    fc.MinorDriverVersion = 2;
    fc.Flags              = 0;

    fc.FriendlyName = friendlyName;
    fc.UniqueName   = uniqueName;
    fc.ServiceName  = serviceName;

    fc.AttachHandler                     = LwfcAttach;
    fc.DetachHandler                     = LwfcDetach;
    fc.RestartHandler                    = LwfcRestart;
    fc.PauseHandler                      = LwfcPause;
    fc.SendNetBufferListsHandler         = LwfcSend;
    fc.SendNetBufferListsCompleteHandler = LwfcSendComplete;
    fc.ReceiveNetBufferListsHandler      = LwfcReceive;
    fc.ReturnNetBufferListsHandler       = LwfcReturn;

    DriverObject->DriverUnload = LwfcUnload;

    status = NdisFRegisterFilterDriver(DriverObject,
                                       (NDIS_HANDLE)DriverObject,
                                       &fc,
                                       &g_Lwfc.FilterDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        LWFC_LOG("NdisFRegisterFilterDriver failed 0x%08x", status);
        goto done;
    }

    /* module bookkeeping, used by attach/detach and the ioctl path */
    NdisAllocateSpinLock(&g_Lwfc.ModuleLock);
    InitializeListHead(&g_Lwfc.ModuleList);

    status = LwfcRegisterControlDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        LWFC_LOG("control device failed 0x%08x", status);
        NdisFDeregisterFilterDriver(g_Lwfc.FilterDriverHandle);
        g_Lwfc.FilterDriverHandle = NULL;
        NdisFreeSpinLock(&g_Lwfc.ModuleLock);
        goto done;
    }

    LWFC_LOG("loaded, filter handle %p", g_Lwfc.FilterDriverHandle);

done:
    return (NTSTATUS)status;
}

VOID
LwfcUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DriverObject);

    LWFC_LOG("unloading, %lu modules still listed", g_Lwfc.ModuleCount);

    LwfcDeregisterControlDevice();

    /* NDIS detaches every module before this returns */
    NdisFDeregisterFilterDriver(g_Lwfc.FilterDriverHandle);

    NT_ASSERT(IsListEmpty(&g_Lwfc.ModuleList));
    NdisFreeSpinLock(&g_Lwfc.ModuleLock);
}

NDIS_STATUS
LwfcAttach(
    _In_ NDIS_HANDLE                    NdisFilterHandle,
    _In_ NDIS_HANDLE                    FilterDriverContext,
    _In_ PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    PLWFC_MODULE m;
    NDIS_STATUS status;
    NDIS_FILTER_ATTRIBUTES attrs;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    if (AttachParameters->MiniportMediaType != NdisMedium802_3) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    m = (PLWFC_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle,
                                                        sizeof(*m),
                                                        LWFC_TAG,
                                                        NormalPoolPriority);
    if (m == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(m, sizeof(*m));
    m->FilterHandle    = NdisFilterHandle;
    m->MiniportIfIndex = AttachParameters->BaseMiniportIfIndex;
    m->State           = LwfcAttaching;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type     = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attrs.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Header.Size     = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Flags           = 0;

    status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)m, &attrs);
    if (status != NDIS_STATUS_SUCCESS) {
        LWFC_LOG("NdisFSetAttributes failed 0x%08x", status);
        NdisFreeMemory(m, 0, 0);
        return status;
    }

    m->State = LwfcPaused;

    NdisAcquireSpinLock(&g_Lwfc.ModuleLock);
    InsertTailList(&g_Lwfc.ModuleList, &m->Link);
    g_Lwfc.ModuleCount++;
    NdisReleaseSpinLock(&g_Lwfc.ModuleLock);

    LWFC_LOG("attached to ifindex %lu", m->MiniportIfIndex);
    return NDIS_STATUS_SUCCESS;
}

VOID
LwfcDetach(
    _In_ NDIS_HANDLE FilterModuleContext
    )
{
    PLWFC_MODULE m = (PLWFC_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&g_Lwfc.ModuleLock);
    RemoveEntryList(&m->Link);
    g_Lwfc.ModuleCount--;
    NdisReleaseSpinLock(&g_Lwfc.ModuleLock);

    LWFC_LOG("detach ifindex %lu tx=%lld rx=%lld",
             m->MiniportIfIndex, m->TxFrames, m->RxFrames);

    NdisFreeMemory(m, 0, 0);
}

NDIS_STATUS
LwfcRestart(
    _In_ NDIS_HANDLE                     FilterModuleContext,
    _In_ PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    PLWFC_MODULE m = (PLWFC_MODULE)FilterModuleContext;
    UNREFERENCED_PARAMETER(RestartParameters);

    m->State = LwfcRunning;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
LwfcPause(
    _In_ NDIS_HANDLE                   FilterModuleContext,
    _In_ PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters
    )
{
    PLWFC_MODULE m = (PLWFC_MODULE)FilterModuleContext;
    UNREFERENCED_PARAMETER(PauseParameters);

    /* we never hold on to NBLs, so pausing is immediate */
    m->State = LwfcPaused;
    return NDIS_STATUS_SUCCESS;
}

VOID
LwfcSend(
    _In_ NDIS_HANDLE      FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ NDIS_PORT_NUMBER PortNumber,
    _In_ ULONG            SendFlags
    )
{
    PLWFC_MODULE m = (PLWFC_MODULE)FilterModuleContext;

    InterlockedAdd64(&m->TxFrames, (LONG64)LwfcCountNbls(NetBufferLists));
    NdisFSendNetBufferLists(m->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

VOID
LwfcSendComplete(
    _In_ NDIS_HANDLE      FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ ULONG            SendCompleteFlags
    )
{
    PLWFC_MODULE m = (PLWFC_MODULE)FilterModuleContext;
    NdisFSendNetBufferListsComplete(m->FilterHandle, NetBufferLists, SendCompleteFlags);
}

VOID
LwfcReceive(
    _In_ NDIS_HANDLE      FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ NDIS_PORT_NUMBER PortNumber,
    _In_ ULONG            NumberOfNetBufferLists,
    _In_ ULONG            ReceiveFlags
    )
{
    PLWFC_MODULE m = (PLWFC_MODULE)FilterModuleContext;

    InterlockedAdd64(&m->RxFrames, (LONG64)NumberOfNetBufferLists);
    NdisFIndicateReceiveNetBufferLists(m->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}

VOID
LwfcReturn(
    _In_ NDIS_HANDLE      FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ ULONG            ReturnFlags
    )
{
    PLWFC_MODULE m = (PLWFC_MODULE)FilterModuleContext;
    NdisFReturnNetBufferLists(m->FilterHandle, NetBufferLists, ReturnFlags);
}
