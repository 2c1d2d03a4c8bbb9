/*
 * filter.c - LwfCount: a modifying-free NDIS 6.30 lightweight filter that
 * counts frames per adapter and prints the totals on detach.
 */
#include "lwf.h"

DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       LwfUnload;

FILTER_ATTACH       LwfAttach;
FILTER_DETACH       LwfDetach;
FILTER_RESTART      LwfRestart;
FILTER_PAUSE        LwfPause;
FILTER_SET_OPTIONS  LwfSetOptions;

ULONG          g_DebugLevel = DL_INFO;
NDIS_HANDLE    g_FilterDriverHandle = NULL;
LIST_ENTRY     g_ModuleList;
NDIS_SPIN_LOCK g_ModuleListLock;

#pragma NDIS_INIT_FUNCTION(DriverEntry)

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS fchars;
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(LWF_FRIENDLY_NAME);
    NDIS_STRING uniqueName   = RTL_CONSTANT_STRING(LWF_UNIQUE_NAME);
    NDIS_STRING serviceName  = RTL_CONSTANT_STRING(LWF_SERVICE_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    DEBUGP(DL_INFO, "DriverEntry\n");

    NdisZeroMemory(&fchars, sizeof(fchars));
    fchars.Header.Type     = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fchars.Header.Size     = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fchars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;

    fchars.MajorNdisVersion   = LWF_NDIS_MAJOR;
    fchars.MinorNdisVersion   = LWF_NDIS_MINOR;
    fchars.MajorDriverVersion = LWF_DRIVER_MAJOR;
    fchars.MinorDriverVersion = LWF_DRIVER_MINOR;
    fchars.Flags              = 0;

    fchars.FriendlyName = friendlyName;
    fchars.UniqueName   = uniqueName;
    fchars.ServiceName  = serviceName;

    fchars.SetOptionsHandler  = LwfSetOptions;
    fchars.AttachHandler      = LwfAttach;
    fchars.DetachHandler      = LwfDetach;
    fchars.RestartHandler     = LwfRestart;
    fchars.PauseHandler       = LwfPause;

    fchars.SendNetBufferListsHandler         = LwfSendNetBufferLists;
    fchars.SendNetBufferListsCompleteHandler = LwfSendNetBufferListsComplete;
    fchars.ReceiveNetBufferListsHandler      = LwfReceiveNetBufferLists;
    fchars.ReturnNetBufferListsHandler       = LwfReturnNetBufferLists;

    /* OIDs, status indications, PnP events: NULL means NDIS bypasses us */

    DriverObject->DriverUnload = LwfUnload;

    status = NdisFRegisterFilterDriver(DriverObject,
                                       (NDIS_HANDLE)DriverObject,
                                       &fchars,
                                       &g_FilterDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        DEBUGP(DL_ERROR, "NdisFRegisterFilterDriver failed 0x%08X\n", status);
        return status;
    }

    NdisAllocateSpinLock(&g_ModuleListLock);
    InitializeListHead(&g_ModuleList);

    DEBUGP(DL_INFO, "registered, handle %p\n", g_FilterDriverHandle);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
LwfUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    /* detaches every module before it returns */
    NdisFDeregisterFilterDriver(g_FilterDriverHandle);
    g_FilterDriverHandle = NULL;

    NdisFreeSpinLock(&g_ModuleListLock);
    DEBUGP(DL_INFO, "unloaded\n");
}

_Use_decl_annotations_
NDIS_STATUS
LwfSetOptions(
    NDIS_HANDLE NdisDriverHandle,
    NDIS_HANDLE DriverContext
    )
{
    UNREFERENCED_PARAMETER(NdisDriverHandle);
    UNREFERENCED_PARAMETER(DriverContext);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
LwfAttach(
    NDIS_HANDLE                     NdisFilterHandle,
    NDIS_HANDLE                     FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS  AttachParameters
    )
{
    PLWF_MODULE module;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    DEBUGP(DL_TRACE, "attach ifindex %u\n", AttachParameters->BaseMiniportIfIndex);

    if (AttachParameters->MiniportMediaType != NdisMedium802_3 &&
        AttachParameters->MiniportMediaType != NdisMediumWirelessWan) {
        DEBUGP(DL_INFO, "media %d not supported\n", AttachParameters->MiniportMediaType);
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    module = (PLWF_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle,
                                                            sizeof(LWF_MODULE),
                                                            LWF_TAG,
                                                            LowPoolPriority);
    if (module == NULL)
        return NDIS_STATUS_RESOURCES;

    NdisZeroMemory(module, sizeof(LWF_MODULE));
    module->FilterHandle = NdisFilterHandle;
    module->IfIndex      = AttachParameters->BaseMiniportIfIndex;
    module->State        = LwfPaused;

    NdisAcquireSpinLock(&g_ModuleListLock);
    InsertHeadList(&g_ModuleList, &module->Link);
    NdisReleaseSpinLock(&g_ModuleListLock);

    DEBUGP(DL_INFO, "attached to ifindex %u\n", module->IfIndex);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
LwfDetach(
    NDIS_HANDLE FilterModuleContext
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    DEBUGP(DL_INFO, "detach ifindex %u: tx %I64d rx %I64d\n",
           module->IfIndex, module->TxFrames, module->RxFrames);

    NdisAcquireSpinLock(&g_ModuleListLock);
    RemoveEntryList(&module->Link);
    NdisReleaseSpinLock(&g_ModuleListLock);

    module->State = LwfDetached;
    NdisFreeMemory(module, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS
LwfRestart(
    NDIS_HANDLE                     FilterModuleContext,
    PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    module->State = LwfRunning;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
LwfPause(
    NDIS_HANDLE                   FilterModuleContext,
    PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    /* we never originate or hold NBLs, so nothing to wait for */
    module->State = LwfPaused;
    return NDIS_STATUS_SUCCESS;
}
