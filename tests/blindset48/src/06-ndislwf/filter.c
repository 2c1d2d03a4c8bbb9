/*
 * filter.c - PktCount DriverEntry, unload and the filter module callbacks.
 */
#include "filter.h"

LWF_GLOBALS g_Lwf;

DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD LwfUnload;

static FILTER_ATTACH                     LwfAttach;
static FILTER_DETACH                     LwfDetach;
static FILTER_RESTART                    LwfRestart;
static FILTER_PAUSE                      LwfPause;
static FILTER_RECEIVE_NET_BUFFER_LISTS   LwfReceiveNbls;
static FILTER_RETURN_NET_BUFFER_LISTS    LwfReturnNbls;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LwfUnload)
#endif

static NDIS_STATUS
LwfAttach(_In_ NDIS_HANDLE NdisFilterHandle, _In_ NDIS_HANDLE FilterDriverContext,
          _In_ PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    PLWF_MODULE            m;
    NDIS_FILTER_ATTRIBUTES attrs;
    NDIS_STATUS            status;

    if (FilterDriverContext != (NDIS_HANDLE)&g_Lwf) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    /* wired ethernet only */
    if (AttachParameters->MiniportMediaType != NdisMedium802_3) {
        LWF_LOG("skip ifIndex %lu, medium %d", AttachParameters->BaseMiniportIfIndex,
                AttachParameters->MiniportMediaType);
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    m = (PLWF_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(LWF_MODULE),
                                                       LWF_TAG, NormalPoolPriority);
    if (m == NULL) {
        return NDIS_STATUS_RESOURCES;
    }

    NdisZeroMemory(m, sizeof(*m));
    m->FilterHandle = NdisFilterHandle;
    m->IfIndex = AttachParameters->BaseMiniportIfIndex;
    m->State = LwfAttaching;
    NdisAllocateSpinLock(&m->Lock);

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type     = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attrs.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Header.Size     = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Flags           = 0;

    status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)m, &attrs);
    if (status != NDIS_STATUS_SUCCESS) {
        LWF_LOG("NdisFSetAttributes(ifIndex %lu) 0x%08X", m->IfIndex, status);
        return status;
    }

    InterlockedExchange(&m->State, LwfPaused);

    NdisAcquireSpinLock(&g_Lwf.ListLock);
    InsertTailList(&g_Lwf.ModuleList, &m->Link);
    g_Lwf.ModuleCount++;
    NdisReleaseSpinLock(&g_Lwf.ListLock);

    LWF_LOG("attached to ifIndex %lu", m->IfIndex);
    return NDIS_STATUS_SUCCESS;
}

static VOID
LwfDetach(_In_ NDIS_HANDLE FilterModuleContext)
{
    PLWF_MODULE m = (PLWF_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&g_Lwf.ListLock);
    RemoveEntryList(&m->Link);
    g_Lwf.ModuleCount--;
    NdisReleaseSpinLock(&g_Lwf.ListLock);

    LWF_LOG("detach ifIndex %lu rx=%I64u", m->IfIndex, m->RxNbls);

    NdisFreeSpinLock(&m->Lock);
    NdisFreeMemory(m, 0, 0);
}

static NDIS_STATUS
LwfRestart(_In_ NDIS_HANDLE FilterModuleContext, _In_ PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    PLWF_MODULE m = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    InterlockedExchange(&m->State, LwfRestarting);
    InterlockedExchange(&m->State, LwfRunning);
    return NDIS_STATUS_SUCCESS;
}

static NDIS_STATUS
LwfPause(_In_ NDIS_HANDLE FilterModuleContext, _In_ PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    PLWF_MODULE m = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    /* nothing of ours is outstanding: receives are passed straight through */
    InterlockedExchange(&m->State, LwfPausing);
    InterlockedExchange(&m->State, LwfPaused);
    return NDIS_STATUS_SUCCESS;
}

static VOID
LwfReceiveNbls(_In_ NDIS_HANDLE FilterModuleContext, _In_ PNET_BUFFER_LIST NetBufferLists,
               _In_ NDIS_PORT_NUMBER PortNumber, _In_ ULONG NumberOfNetBufferLists, _In_ ULONG ReceiveFlags)
{
    PLWF_MODULE m = (PLWF_MODULE)FilterModuleContext;
    BOOLEAN     dispatch = NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags);

    LWF_ACQUIRE_LOCK(&m->Lock, dispatch);
    m->RxNbls += NumberOfNetBufferLists;
    m->RxIndications++;
    LWF_RELEASE_LOCK(&m->Lock, dispatch);

    NdisFIndicateReceiveNetBufferLists(m->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}

static VOID
LwfReturnNbls(_In_ NDIS_HANDLE FilterModuleContext, _In_ PNET_BUFFER_LIST NetBufferLists, _In_ ULONG ReturnFlags)
{
    PLWF_MODULE m = (PLWF_MODULE)FilterModuleContext;

    NdisFReturnNetBufferLists(m->FilterHandle, NetBufferLists, ReturnFlags);
}

static VOID
LwfUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    LWF_LOG("unload, %lu modules still attached", g_Lwf.ModuleCount);

    /* detaches every module before it returns */
    NdisFDeregisterFilterDriver(g_Lwf.DriverHandle);
    g_Lwf.DriverHandle = NULL;

#if LWF_FEATURE_PROBE
    if (g_Lwf.NblPool != NULL) {
        NdisFreeNetBufferListPool(g_Lwf.NblPool);
        g_Lwf.NblPool = NULL;
    }
#endif

    NdisFreeSpinLock(&g_Lwf.ListLock);
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fchars;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(LWF_FRIENDLY_NAME);
    NDIS_STRING uniqueName   = RTL_CONSTANT_STRING(LWF_UNIQUE_NAME);
    NDIS_STRING serviceName  = RTL_CONSTANT_STRING(LWF_SERVICE_NAME);
    NDIS_STATUS status;
#if LWF_FEATURE_PROBE
    NET_BUFFER_LIST_POOL_PARAMETERS poolParams;
#endif

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&g_Lwf, sizeof(g_Lwf));
    NdisAllocateSpinLock(&g_Lwf.ListLock);
    InitializeListHead(&g_Lwf.ModuleList);

    NdisZeroMemory(&fchars, sizeof(fchars));
    fchars.Header.Type     = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fchars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fchars.Header.Size     = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fchars.MajorNdisVersion   = LWF_NDIS_MAJOR;
    fchars.MinorNdisVersion   = LWF_NDIS_MINOR;
    fchars.MajorDriverVersion = LWF_DRIVER_MAJOR;
    fchars.MinorDriverVersion = LWF_DRIVER_MINOR;
    fchars.Flags              = 0;
    fchars.FriendlyName       = friendlyName;
    fchars.UniqueName         = uniqueName;
    fchars.ServiceName        = serviceName;

    fchars.AttachHandler                = LwfAttach;
    fchars.DetachHandler                = LwfDetach;
    fchars.RestartHandler               = LwfRestart;
    fchars.PauseHandler                 = LwfPause;
    fchars.ReceiveNetBufferListsHandler = LwfReceiveNbls;
    fchars.ReturnNetBufferListsHandler  = LwfReturnNbls;

    DriverObject->DriverUnload = LwfUnload;

    status = NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)&g_Lwf, &fchars, &g_Lwf.DriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        LWF_LOG("NdisFRegisterFilterDriver 0x%08X", status);
        NdisFreeSpinLock(&g_Lwf.ListLock);
        return status;
    }

    status = LwfRegisterDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        goto DeregisterFilter;
    }

#if LWF_FEATURE_PROBE
    NdisZeroMemory(&poolParams, sizeof(poolParams));
    poolParams.Header.Type        = NDIS_OBJECT_TYPE_DEFAULT;
    poolParams.Header.Revision    = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    poolParams.Header.Size        = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    poolParams.ProtocolId         = NDIS_PROTOCOL_ID_DEFAULT;
    poolParams.fAllocateNetBuffer = TRUE;
    poolParams.PoolTag            = LWF_TAG;

    g_Lwf.NblPool = NdisAllocateNetBufferListPool(g_Lwf.DriverHandle, &poolParams);
    if (g_Lwf.NblPool == NULL) {
        status = NDIS_STATUS_RESOURCES;
        LwfDeregisterDevice();
        goto DeregisterFilter;
    }
#endif

    LWF_LOG("registered, handle %p", g_Lwf.DriverHandle);
    return STATUS_SUCCESS;

DeregisterFilter:
    NdisFDeregisterFilterDriver(g_Lwf.DriverHandle);
    g_Lwf.DriverHandle = NULL;
    NdisFreeSpinLock(&g_Lwf.ListLock);
    return status;
}
