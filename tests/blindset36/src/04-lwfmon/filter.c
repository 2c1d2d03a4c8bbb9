/*
 * filter.c - DriverEntry/unload and the NDIS filter handlers
 */
#include "lwfmon.h"

LWF_GLOBALS g_Lwf;

#pragma NDIS_INIT_FUNCTION(DriverEntry)

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_FILTER_DRIVER_CHARACTERISTICS fc;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(LWF_FRIENDLY_NAME);
    NDIS_STRING uniqueName   = RTL_CONSTANT_STRING(LWF_UNIQUE_NAME);
    NDIS_STRING serviceName  = RTL_CONSTANT_STRING(LWF_SERVICE_NAME);
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    LWFDBG("DriverEntry\n");

    NdisZeroMemory(&g_Lwf, sizeof(g_Lwf));
    g_Lwf.DriverObject = DriverObject;

    NdisZeroMemory(&fc, sizeof(fc));
    fc.Header.Type      = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fc.Header.Size      = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fc.Header.Revision  = NDIS_FILTER_CHARACTERISTICS_REVISION_2;

    fc.MajorNdisVersion   = 6;
    fc.MinorNdisVersion   = 30;
    fc.MajorDriverVersion = 1;
    fc.MinorDriverVersion = 3;
    fc.Flags              = 0;

    fc.FriendlyName = friendlyName;
    fc.UniqueName   = uniqueName;
    fc.ServiceName  = serviceName;

    fc.SetOptionsHandler  = LwfSetOptions;
    fc.AttachHandler      = LwfAttach;
    fc.DetachHandler      = LwfDetach;
    fc.RestartHandler     = LwfRestart;
    fc.PauseHandler       = LwfPause;

    /* send path, OIDs and status are bypassed */
    fc.ReceiveNetBufferListsHandler = LwfReceiveNbls;
    fc.ReturnNetBufferListsHandler  = LwfReturnNbls;

    DriverObject->DriverUnload = LwfUnload;

    status = NdisFRegisterFilterDriver(DriverObject,
                                       (NDIS_HANDLE)DriverObject,
                                       &fc,
                                       &g_Lwf.FilterDriverHandle);
    if (status == NDIS_STATUS_SUCCESS) {

        NdisAllocateSpinLock(&g_Lwf.ModuleLock);
        InitializeListHead(&g_Lwf.ModuleList);

        status = LwfRegisterDevice();
        if (status != NDIS_STATUS_SUCCESS) {
            LWFDBG("control device registration failed 0x%x\n", status);
            NdisFreeSpinLock(&g_Lwf.ModuleLock);
        }
    } else {
        LWFDBG("NdisFRegisterFilterDriver failed 0x%x\n", status);
    }

    return (NTSTATUS)status;
}

VOID
LwfUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    LwfDeregisterDevice();

    NdisFDeregisterFilterDriver(g_Lwf.FilterDriverHandle);
    g_Lwf.FilterDriverHandle = NULL;

    ASSERT(IsListEmpty(&g_Lwf.ModuleList));
    NdisFreeSpinLock(&g_Lwf.ModuleLock);

    LWFDBG("unloaded\n");
}

NDIS_STATUS
LwfSetOptions(
    _In_ NDIS_HANDLE NdisFilterDriverHandle,
    _In_ NDIS_HANDLE FilterDriverContext
    )
{
    UNREFERENCED_PARAMETER(NdisFilterDriverHandle);
    UNREFERENCED_PARAMETER(FilterDriverContext);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
LwfAttach(
    _In_ NDIS_HANDLE                    NdisFilterHandle,
    _In_ NDIS_HANDLE                    FilterDriverContext,
    _In_ PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    NDIS_FILTER_ATTRIBUTES attrs;
    PLWF_MODULE module;
    NDIS_STATUS status;

    if (FilterDriverContext != (NDIS_HANDLE)g_Lwf.DriverObject) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    if (AttachParameters->MiniportMediaType != NdisMedium802_3 &&
        AttachParameters->MiniportMediaType != NdisMediumNative802_11) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    module = (PLWF_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle,
                                                            sizeof(LWF_MODULE),
                                                            LWF_TAG,
                                                            LowPoolPriority);
    if (module == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(module, sizeof(LWF_MODULE));
    module->FilterHandle = NdisFilterHandle;
    module->IfIndex      = AttachParameters->BaseMiniportIfIndex;
    module->State        = LwfPaused;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type     = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attrs.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Header.Size     = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Flags           = 0;

    status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)module, &attrs);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemory(module, 0, 0);
        return status;
    }

    NdisAcquireSpinLock(&g_Lwf.ModuleLock);
    InsertTailList(&g_Lwf.ModuleList, &module->Link);
    g_Lwf.ModuleCount++;
    NdisReleaseSpinLock(&g_Lwf.ModuleLock);

    LWFDBG("attached to ifIndex %u\n", module->IfIndex);
    return NDIS_STATUS_SUCCESS;
}

VOID
LwfDetach(
    _In_ NDIS_HANDLE FilterModuleContext
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&g_Lwf.ModuleLock);
    RemoveEntryList(&module->Link);
    g_Lwf.ModuleCount--;
    NdisReleaseSpinLock(&g_Lwf.ModuleLock);

    module->State = LwfDetached;
    NdisFreeMemory(module, 0, 0);
}

NDIS_STATUS
LwfRestart(
    _In_ NDIS_HANDLE                     FilterModuleContext,
    _In_ PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    UNREFERENCED_PARAMETER(RestartParameters);
    ((PLWF_MODULE)FilterModuleContext)->State = LwfRunning;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
LwfPause(
    _In_ NDIS_HANDLE                   FilterModuleContext,
    _In_ PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters
    )
{
    UNREFERENCED_PARAMETER(PauseParameters);
    /* nothing of ours is outstanding, receives are passed straight up */
    ((PLWF_MODULE)FilterModuleContext)->State = LwfPaused;
    return NDIS_STATUS_SUCCESS;
}

VOID
LwfReceiveNbls(
    _In_ NDIS_HANDLE      FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ NDIS_PORT_NUMBER PortNumber,
    _In_ ULONG            NumberOfNetBufferLists,
    _In_ ULONG            ReceiveFlags
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;
    ULONG returnFlags = 0;

    if (module->State != LwfRunning) {
        InterlockedAdd64(&module->RxDropped, NumberOfNetBufferLists);
        if (!NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) {
            if (NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags)) {
                NDIS_SET_RETURN_FLAG(returnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
            }
            NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, returnFlags);
        }
        return;
    }

    InterlockedAdd64(&module->RxFrames, NumberOfNetBufferLists);

    NdisFIndicateReceiveNetBufferLists(module->FilterHandle,
                                       NetBufferLists,
                                       PortNumber,
                                       NumberOfNetBufferLists,
                                       ReceiveFlags);
}

VOID
LwfReturnNbls(
    _In_ NDIS_HANDLE      FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ ULONG            ReturnFlags
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;
    NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, ReturnFlags);
}
