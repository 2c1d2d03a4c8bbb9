/*
 * lwfmon.c - DriverEntry, unload and the filter module state machine.
 */
#include "lwfmon.h"

#pragma NDIS_INIT_FUNCTION(DriverEntry)

LWF_GLOBALS Globals = { 0 };

NDIS_STATUS
LwfGlobalsInit(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    Globals.DriverObject = DriverObject;
    Globals.ModuleCount = 0;

    NdisAllocateSpinLock(&Globals.ModuleLock);
    InitializeListHead(&Globals.ModuleList);

    NdisInitializeNPagedLookasideList(&Globals.StatsLookaside,
                                      NULL,
                                      NULL,
                                      0,
                                      sizeof(LWF_STATS),
                                      LWF_TAG,
                                      0);
    Globals.LookasideReady = TRUE;

    return NDIS_STATUS_SUCCESS;
}

VOID
LwfGlobalsUninit(
    VOID
    )
{
    if (Globals.LookasideReady) {
        NdisDeleteNPagedLookasideList(&Globals.StatsLookaside);
        Globals.LookasideReady = FALSE;
    }
    NdisFreeSpinLock(&Globals.ModuleLock);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS                         Status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS  FChars;
    NDIS_STRING ServiceName  = RTL_CONSTANT_STRING(FILTER_SERVICE_NAME);
    NDIS_STRING UniqueName   = RTL_CONSTANT_STRING(FILTER_UNIQUE_NAME);
    NDIS_STRING FriendlyName = RTL_CONSTANT_STRING(FILTER_FRIENDLY_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    LWF_LOG(LOG_INFO, "v%u.%u loading", LWF_MAJOR_DRIVER_VER, LWF_MINOR_DRIVER_VER);

    Status = LwfGlobalsInit(DriverObject);
    if (Status != NDIS_STATUS_SUCCESS) {
        return Status;
    }

    NdisZeroMemory(&FChars, sizeof(FChars));
    FChars.Header.Type     = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    FChars.Header.Size     = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;

    FChars.MajorNdisVersion   = NDIS_FILTER_MAJOR_VERSION;
    FChars.MinorNdisVersion   = NDIS_FILTER_MINOR_VERSION;
    FChars.MajorDriverVersion = LWF_MAJOR_DRIVER_VER;
    FChars.MinorDriverVersion = LWF_MINOR_DRIVER_VER;
    FChars.Flags              = 0;

    FChars.FriendlyName = FriendlyName;
    FChars.UniqueName   = UniqueName;
    FChars.ServiceName  = ServiceName;

    FChars.AttachHandler  = LwfAttach;
    FChars.DetachHandler  = LwfDetach;
    FChars.RestartHandler = LwfRestart;
    FChars.PauseHandler   = LwfPause;

    /* send path is bypassed (NULL handlers), only receive is counted */
    FChars.ReceiveNetBufferListsHandler = LwfReceiveNbls;
    FChars.ReturnNetBufferListsHandler  = LwfReturnNbls;

    DriverObject->DriverUnload = LwfDriverUnload;

    Status = NdisFRegisterFilterDriver(DriverObject,
                                       (NDIS_HANDLE)DriverObject,
                                       &FChars,
                                       &Globals.FilterDriverHandle);
    if (Status != NDIS_STATUS_SUCCESS) {
        LWF_LOG(LOG_ERR, "NdisFRegisterFilterDriver failed 0x%08x", Status);
        goto err_globals;
    }

    Status = LwfDeviceInit(Globals.FilterDriverHandle);
    if (Status != NDIS_STATUS_SUCCESS) {
        LWF_LOG(LOG_ERR, "control device failed 0x%08x", Status);
        goto err_globals;
    }

    LWF_LOG(LOG_INFO, "loaded, filter handle %p", Globals.FilterDriverHandle);
    return STATUS_SUCCESS;

err_globals:
    LwfGlobalsUninit();
    return (NTSTATUS)Status;
}

_Use_decl_annotations_
VOID
LwfDriverUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    LWF_LOG(LOG_INFO, "unloading, %u module(s) still listed", Globals.ModuleCount);

    LwfDeviceUninit();
    LwfGlobalsUninit();
    NdisFDeregisterFilterDriver(Globals.FilterDriverHandle);
    Globals.FilterDriverHandle = NULL;
}

/* ------------------------------------------------------------------ */
/* filter module callbacks                                             */
/* ------------------------------------------------------------------ */

_Use_decl_annotations_
NDIS_STATUS
LwfAttach(
    NDIS_HANDLE                     NdisFilterHandle,
    NDIS_HANDLE                     FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS  AttachParameters
    )
{
    PLWF_MODULE             Module = NULL;
    NDIS_FILTER_ATTRIBUTES  Attr;
    NDIS_STATUS             Status;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    if (AttachParameters->MiniportMediaType != NdisMedium802_3) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    Module = NdisAllocateMemoryWithTagPriority(NdisFilterHandle,
                                               sizeof(LWF_MODULE),
                                               LWF_TAG,
                                               NormalPoolPriority);
    if (Module == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(Module, sizeof(*Module));

    Module->Stats = NdisAllocateFromNPagedLookasideList(&Globals.StatsLookaside);
    if (Module->Stats == NULL) {
        NdisFreeMemory(Module, 0, 0);
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(Module->Stats, sizeof(LWF_STATS));
    Module->Stats->IfIndex = AttachParameters->BaseMiniportIfIndex;
    Module->FilterHandle   = NdisFilterHandle;

    NdisZeroMemory(&Attr, sizeof(Attr));
    Attr.Header.Type     = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    Attr.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    Attr.Header.Size     = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    Attr.Flags           = 0;

    Status = NdisFSetAttributes(NdisFilterHandle, Module, &Attr);
    if (Status != NDIS_STATUS_SUCCESS) {
        NdisFreeToNPagedLookasideList(&Globals.StatsLookaside, Module->Stats);
        NdisFreeMemory(Module, 0, 0);
        return Status;
    }

    Module->State = LwfPaused;

    NdisAcquireSpinLock(&Globals.ModuleLock);
    InsertTailList(&Globals.ModuleList, &Module->Link);
    Globals.ModuleCount++;
    NdisReleaseSpinLock(&Globals.ModuleLock);

    LWF_LOG(LOG_INFO, "attached to ifindex %u", Module->Stats->IfIndex);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
LwfDetach(
    NDIS_HANDLE FilterModuleContext
    )
{
    PLWF_MODULE Module = (PLWF_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&Globals.ModuleLock);
    RemoveEntryList(&Module->Link);
    Globals.ModuleCount--;
    NdisReleaseSpinLock(&Globals.ModuleLock);

    LWF_LOG(LOG_INFO, "detach ifindex %u rx=%I64d", Module->Stats->IfIndex, Module->Stats->RxFrames);

    NdisFreeToNPagedLookasideList(&Globals.StatsLookaside, Module->Stats);
    Module->State = LwfDetached;
    NdisFreeMemory(Module, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS
LwfRestart(
    NDIS_HANDLE                     FilterModuleContext,
    PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    PLWF_MODULE Module = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    Module->State = LwfRunning;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
LwfPause(
    NDIS_HANDLE                     FilterModuleContext,
    PNDIS_FILTER_PAUSE_PARAMETERS   PauseParameters
    )
{
    PLWF_MODULE Module = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    /* nothing of ours is outstanding: we never originate NBLs */
    Module->State = LwfPaused;
    return NDIS_STATUS_SUCCESS;
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
    PLWF_MODULE Module = (PLWF_MODULE)FilterModuleContext;
    ULONG       ReturnFlags = 0;

    if (Module->State != LwfRunning) {
        InterlockedAdd64(&Module->Stats->RxDroppedWhilePaused, NumberOfNetBufferLists);
        if (NDIS_TEST_RECEIVE_CAN_PEND(ReceiveFlags)) {
            if (NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags)) {
                NDIS_SET_RETURN_FLAG(ReturnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
            }
            NdisFReturnNetBufferLists(Module->FilterHandle, NetBufferLists, ReturnFlags);
        }
        return;
    }

    InterlockedAdd64(&Module->Stats->RxFrames, NumberOfNetBufferLists);

    NdisFIndicateReceiveNetBufferLists(Module->FilterHandle,
                                       NetBufferLists,
                                       PortNumber,
                                       NumberOfNetBufferLists,
                                       ReceiveFlags);
}

_Use_decl_annotations_
VOID
LwfReturnNbls(
    NDIS_HANDLE         FilterModuleContext,
    PNET_BUFFER_LIST    NetBufferLists,
    ULONG               ReturnFlags
    )
{
    PLWF_MODULE Module = (PLWF_MODULE)FilterModuleContext;

    NdisFReturnNetBufferLists(Module->FilterHandle, NetBufferLists, ReturnFlags);
}
