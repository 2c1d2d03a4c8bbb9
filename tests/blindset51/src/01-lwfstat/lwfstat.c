/*
 * lwfstat.c - driver entry, unload and the filter module state machine.
 */
#include "lwfstat.h"

LWF_GLOBALS g_Lwf;

DRIVER_INITIALIZE   DriverEntry;
DRIVER_UNLOAD       LwfUnload;

#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, LwfUnload)

static VOID
LwfCountNbls(
    _In_ PNET_BUFFER_LIST Nbls,
    _Inout_ volatile LONG64 *Frames,
    _Inout_ volatile LONG64 *Bytes
    )
{
    PNET_BUFFER_LIST nbl;
    PNET_BUFFER nb;

    for (nbl = Nbls; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
            InterlockedIncrement64(Frames);
            InterlockedAdd64(Bytes, (LONG64)NET_BUFFER_DATA_LENGTH(nb));
        }
    }
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS                         status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS  fchars;
    NDIS_STRING                         serviceName  = RTL_CONSTANT_STRING(LWF_SERVICE_NAME);
    NDIS_STRING                         uniqueName   = RTL_CONSTANT_STRING(LWF_UNIQUE_NAME);
    NDIS_STRING                         friendlyName = RTL_CONSTANT_STRING(LWF_FRIENDLY_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    LWFLOG("DriverEntry built %s %s", __DATE__, __TIME__);

    NdisZeroMemory(&g_Lwf, sizeof(g_Lwf));
    g_Lwf.DriverObject = DriverObject;

    NdisZeroMemory(&fchars, sizeof(fchars));
    fchars.Header.Type      = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fchars.Header.Size      = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fchars.Header.Revision  = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fchars.MajorNdisVersion = LWF_NDIS_MAJOR;
    fchars.MinorNdisVersion = LWF_NDIS_MINOR;
    fchars.MajorDriverVersion = LWF_DRV_MAJOR;
    fchars.MinorDriverVersion = LWF_DRV_MINOR;
    fchars.Flags            = 0;
    fchars.FriendlyName     = friendlyName;
    fchars.UniqueName       = uniqueName;
    fchars.ServiceName      = serviceName;

    fchars.AttachHandler    = LwfAttach;
    fchars.DetachHandler    = LwfDetach;
    fchars.RestartHandler   = LwfRestart;
    fchars.PauseHandler     = LwfPause;
    fchars.SendNetBufferListsHandler         = LwfSendNbls;
    fchars.SendNetBufferListsCompleteHandler = LwfSendNblsComplete;
    fchars.ReceiveNetBufferListsHandler      = LwfReceiveNbls;
    fchars.ReturnNetBufferListsHandler       = LwfReturnNbls;
    /* no OID / status / PnP handlers: NDIS bypasses us for those */

    DriverObject->DriverUnload = LwfUnload;

    do {
        status = NdisFRegisterFilterDriver(DriverObject,
                                           (NDIS_HANDLE)&g_Lwf,
                                           &fchars,
                                           &g_Lwf.FilterDriverHandle);
        if (status != NDIS_STATUS_SUCCESS) {
            LWFLOG("NdisFRegisterFilterDriver failed 0x%08x", status);
            break;
        }

        /* module list, guarded by ListLock */
        NdisAllocateSpinLock(&g_Lwf.ListLock);
        InitializeListHead(&g_Lwf.ModuleList);

        status = LwfRegisterDevice();
        if (status != NDIS_STATUS_SUCCESS) {
            LWFLOG("LwfRegisterDevice failed 0x%08x", status);
            NdisFreeSpinLock(&g_Lwf.ListLock);
            break;
        }

        LWFLOG("filter registered, handle %p", g_Lwf.FilterDriverHandle);
    } while (FALSE);

    return (NTSTATUS)status;
}

_Use_decl_annotations_
VOID
LwfUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();

    LWFLOG("unload, %lu modules still listed", g_Lwf.ModuleCount);

    LwfDeregisterDevice();
    NdisFDeregisterFilterDriver(g_Lwf.FilterDriverHandle);

    NT_ASSERT(IsListEmpty(&g_Lwf.ModuleList));
    NdisFreeSpinLock(&g_Lwf.ListLock);
}

_Use_decl_annotations_
NDIS_STATUS
LwfAttach(
    NDIS_HANDLE                     NdisFilterHandle,
    NDIS_HANDLE                     FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS  AttachParameters
    )
{
    PLWF_GLOBALS            globals = (PLWF_GLOBALS)FilterDriverContext;
    PLWF_MODULE             module;
    NDIS_FILTER_ATTRIBUTES  attrs;
    NDIS_STATUS             status;

    if (AttachParameters->MiniportMediaType != NdisMedium802_3) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    module = (PLWF_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle,
                                                            sizeof(LWF_MODULE),
                                                            LWF_TAG,
                                                            NormalPoolPriority);
    if (module == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(module, sizeof(*module));
    module->FilterHandle = NdisFilterHandle;
    module->IfIndex      = AttachParameters->BaseMiniportIfIndex;
    module->State        = LwfPaused;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Header.Size     = sizeof(NDIS_FILTER_ATTRIBUTES);
    attrs.Header.Type     = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attrs.Flags           = 0;

    status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)module, &attrs);
    if (status != NDIS_STATUS_SUCCESS) {
        LWFLOG("NdisFSetAttributes failed 0x%08x", status);
        NdisFreeMemory(module, 0, 0);
        return status;
    }

    NdisAcquireSpinLock(&globals->ListLock);
    InsertTailList(&globals->ModuleList, &module->Link);
    globals->ModuleCount++;
    NdisReleaseSpinLock(&globals->ListLock);

    LWFLOG("attached to ifindex %lu", module->IfIndex);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
LwfDetach(
    NDIS_HANDLE FilterModuleContext
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&g_Lwf.ListLock);
    RemoveEntryList(&module->Link);
    g_Lwf.ModuleCount--;
    NdisReleaseSpinLock(&g_Lwf.ListLock);

    LWFLOG("detached from ifindex %lu", module->IfIndex);
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
    NDIS_HANDLE                     FilterModuleContext,
    PNDIS_FILTER_PAUSE_PARAMETERS   PauseParameters
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);
    /* we never hold on to NBLs, so pausing is immediate */
    module->State = LwfPaused;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
LwfSendNbls(
    NDIS_HANDLE         FilterModuleContext,
    PNET_BUFFER_LIST    NetBufferLists,
    NDIS_PORT_NUMBER    PortNumber,
    ULONG               SendFlags
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    LwfCountNbls(NetBufferLists, &module->TxFrames, &module->TxBytes);
    NdisFSendNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

_Use_decl_annotations_
VOID
LwfSendNblsComplete(
    NDIS_HANDLE         FilterModuleContext,
    PNET_BUFFER_LIST    NetBufferLists,
    ULONG               SendCompleteFlags
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    NdisFSendNetBufferListsComplete(module->FilterHandle, NetBufferLists, SendCompleteFlags);
}

_Use_decl_annotations_
VOID
LwfReceiveNbls(
    NDIS_HANDLE         FilterModuleContext,
    PNET_BUFFER_LIST    NetBufferLists,
    NDIS_PORT_NUMBER    PortNumber,
    ULONG               NumberOfNetBufferLists,
    ULONG               ReceiveFlags
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    LwfCountNbls(NetBufferLists, &module->RxFrames, &module->RxBytes);
    NdisFIndicateReceiveNetBufferLists(module->FilterHandle, NetBufferLists,
                                       PortNumber, NumberOfNetBufferLists, ReceiveFlags);
}

_Use_decl_annotations_
VOID
LwfReturnNbls(
    NDIS_HANDLE         FilterModuleContext,
    PNET_BUFFER_LIST    NetBufferLists,
    ULONG               ReturnFlags
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, ReturnFlags);
}
