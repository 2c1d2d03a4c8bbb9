/*
 * lwfattach.c - NDIS 6 lightweight filter whose FilterAttach builds one
 * module context per binding in a helper, then gives it a receive NBL pool
 * and an NDIS I/O work item (for deferred statistics) before it hands the
 * context to NdisFSetAttributes. Each failure releases what came before it,
 * in reverse order: NDIS calls FilterDetach only for a module that attached.
 *
 * Conforming: no NDIS008.
 */

#include <ndis.h>

#define LA_TAG 'ttAL'

typedef struct _LA_MODULE {
    NDIS_HANDLE FilterHandle;
    NDIS_HANDLE RxPool;
    NDIS_HANDLE StatsWork;
    NET_IFINDEX IfIndex;
} LA_MODULE, *PLA_MODULE;

static NDIS_HANDLE LaDriverHandle;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LaUnload;
FILTER_ATTACH LaAttach;
FILTER_DETACH LaDetach;
FILTER_RESTART LaRestart;
FILTER_PAUSE LaPause;

static PLA_MODULE LaNewModule(NDIS_HANDLE FilterHandle, NET_IFINDEX IfIndex)
{
    PLA_MODULE module = (PLA_MODULE)NdisAllocateMemoryWithTagPriority(FilterHandle, sizeof(LA_MODULE), LA_TAG,
                                                                      NormalPoolPriority);
    if (module == NULL)
        return NULL;
    NdisZeroMemory(module, sizeof(*module));
    module->FilterHandle = FilterHandle;
    module->IfIndex = IfIndex;
    return module;
}

NDIS_STATUS LaAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
                     PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    NET_BUFFER_LIST_POOL_PARAMETERS pool;
    NDIS_FILTER_ATTRIBUTES attributes;
    PLA_MODULE module;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    module = LaNewModule(NdisFilterHandle, AttachParameters->BaseMiniportIfIndex);
    if (module == NULL)
        return NDIS_STATUS_RESOURCES;

    NdisZeroMemory(&pool, sizeof(pool));
    pool.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    pool.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    pool.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    pool.fAllocateNetBuffer = TRUE;
    pool.PoolTag = LA_TAG;
    module->RxPool = NdisAllocateNetBufferListPool(NdisFilterHandle, &pool);
    if (module->RxPool == NULL) {
        status = NDIS_STATUS_RESOURCES;
        goto free_module;
    }

    module->StatsWork = NdisAllocateIoWorkItem(NdisFilterHandle);
    if (module->StatsWork == NULL) {
        status = NDIS_STATUS_RESOURCES;
        goto free_pool;
    }

    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attributes.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    status = NdisFSetAttributes(NdisFilterHandle, module, &attributes);
    if (status != NDIS_STATUS_SUCCESS)
        goto free_work;
    return NDIS_STATUS_SUCCESS;

free_work:
    NdisFreeIoWorkItem(module->StatsWork);
free_pool:
    NdisFreeNetBufferListPool(module->RxPool);
free_module:
    NdisFreeMemory(module, 0, 0);
    return status;
}

VOID LaDetach(NDIS_HANDLE FilterModuleContext)
{
    PLA_MODULE module = (PLA_MODULE)FilterModuleContext;

    NdisFreeIoWorkItem(module->StatsWork);
    NdisFreeNetBufferListPool(module->RxPool);
    NdisFreeMemory(module, 0, 0);
}

NDIS_STATUS LaRestart(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    UNREFERENCED_PARAMETER(FilterModuleContext);
    UNREFERENCED_PARAMETER(RestartParameters);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS LaPause(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    UNREFERENCED_PARAMETER(FilterModuleContext);
    UNREFERENCED_PARAMETER(PauseParameters);
    return NDIS_STATUS_SUCCESS;
}

VOID LaUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    NdisFDeregisterFilterDriver(LaDriverHandle);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: ndis-filter
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS chars;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(L"Attach Sample Filter");
    NDIS_STRING uniqueName = RTL_CONSTANT_STRING(L"{6A1E3C9D-2B4F-4D8E-A7C5-9E1F2D3C4B5A}");
    NDIS_STRING serviceName = RTL_CONSTANT_STRING(L"LwfAttach");

    UNREFERENCED_PARAMETER(RegistryPath);

    NdisZeroMemory(&chars, sizeof(chars));
    chars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    chars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    chars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    chars.MajorNdisVersion = 6;
    chars.MinorNdisVersion = 30;
    chars.MajorDriverVersion = 1;
    chars.MinorDriverVersion = 0;
    chars.FriendlyName = friendlyName;
    chars.UniqueName = uniqueName;
    chars.ServiceName = serviceName;
    chars.AttachHandler = LaAttach;
    chars.DetachHandler = LaDetach;
    chars.RestartHandler = LaRestart;
    chars.PauseHandler = LaPause;

    DriverObject->DriverUnload = LaUnload;
    return NdisFRegisterFilterDriver(DriverObject, (NDIS_HANDLE)DriverObject, &chars, &LaDriverHandle);
}
