/*
 * filter.c - DriverEntry, unload and the NDIS filter state machine
 */
#include "filter.h"

LWF_GLOBALS Globals;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     FilterUnload;
FILTER_ATTACH     FilterAttach;
FILTER_DETACH     FilterDetach;
FILTER_RESTART    FilterRestart;
FILTER_PAUSE      FilterPause;
FILTER_RECEIVE_NET_BUFFER_LISTS FilterReceiveNetBufferLists;

#pragma alloc_text(INIT, DriverEntry)

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS Status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS FChars;
    NDIS_STRING ServiceName  = RTL_CONSTANT_STRING(FILTER_SERVICE_NAME);
    NDIS_STRING UniqueName   = RTL_CONSTANT_STRING(FILTER_UNIQUE_NAME);
    NDIS_STRING FriendlyName = RTL_CONSTANT_STRING(FILTER_FRIENDLY_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);
    LOG_ENTER();

    Globals.DriverObject = DriverObject;
    Globals.FilterDriverHandle = NULL;

    do
    {
        NdisZeroMemory(&FChars, sizeof(FChars));
        FChars.Header.Type     = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
        FChars.Header.Size     = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
        FChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
        FChars.MajorNdisVersion   = 6;
        FChars.MinorNdisVersion   = 30;
        FChars.MajorDriverVersion = 1;
        FChars.MinorDriverVersion = 2;
        FChars.Flags = 0;

        FChars.FriendlyName = FriendlyName;
        FChars.UniqueName   = UniqueName;
        FChars.ServiceName  = ServiceName;

        FChars.AttachHandler  = FilterAttach;
        FChars.DetachHandler  = FilterDetach;
        FChars.RestartHandler = FilterRestart;
        FChars.PauseHandler   = FilterPause;
        FChars.ReceiveNetBufferListsHandler = FilterReceiveNetBufferLists;
        /* everything else NULL: NDIS bypasses us for those paths */

        DriverObject->DriverUnload = FilterUnload;

        Status = NdisFRegisterFilterDriver(DriverObject,
                                           (NDIS_HANDLE)&Globals,
                                           &FChars,
                                           &Globals.FilterDriverHandle);
        CHECK_NDIS(Status, "NdisFRegisterFilterDriver");

        InitializeListHead(&Globals.FilterModuleList);
        NdisAllocateSpinLock(&Globals.FilterListLock);
        Globals.ModuleCount = 0;

        if (!lwfRegisterDevice())
        {
            LOG_ERR("control device registration failed\n");
            NdisFDeregisterFilterDriver(Globals.FilterDriverHandle);
            Globals.FilterDriverHandle = NULL;
            NdisFreeSpinLock(&Globals.FilterListLock);
            break;
        }
    } while (FALSE);

    LOG_EXIT(Status);
    return Status;
}

VOID
FilterUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    LOG_ENTER();

    lwfDeregisterDevice();

    NdisFDeregisterFilterDriver(Globals.FilterDriverHandle);
    Globals.FilterDriverHandle = NULL;

    /* NdisFDeregisterFilterDriver does not return until every module
       has been detached, so the list is empty by now */
    ASSERT(IsListEmpty(&Globals.FilterModuleList));
    NdisFreeSpinLock(&Globals.FilterListLock);

    LOG_EXIT(0);
}

NDIS_STATUS
FilterAttach(
    _In_ NDIS_HANDLE                    NdisFilterHandle,
    _In_ NDIS_HANDLE                    FilterDriverContext,
    _In_ PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    NDIS_STATUS Status = NDIS_STATUS_SUCCESS;
    PLWF_MODULE Module = NULL;
    NDIS_FILTER_ATTRIBUTES Attributes;

    LOG_ENTER();

    do
    {
        if (FilterDriverContext != (NDIS_HANDLE)&Globals)
        {
            Status = NDIS_STATUS_INVALID_PARAMETER;
            break;
        }

        /* plain ethernet only, no point counting on loopback/tunnels */
        if (AttachParameters->MiniportMediaType != NdisMedium802_3)
        {
            Status = NDIS_STATUS_INVALID_PARAMETER;
            break;
        }

        Module = NdisAllocateMemoryWithTagPriority(NdisFilterHandle,
                                                   sizeof(LWF_MODULE),
                                                   LWF_TAG,
                                                   NormalPoolPriority);
        if (Module == NULL)
        {
            Status = NDIS_STATUS_RESOURCES;
            break;
        }
        NdisZeroMemory(Module, sizeof(LWF_MODULE));
        Module->FilterHandle = NdisFilterHandle;
        Module->IfIndex = AttachParameters->BaseMiniportIfIndex;
        Module->State = LwfPaused;

        NdisZeroMemory(&Attributes, sizeof(Attributes));
        Attributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
        Attributes.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
        Attributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
        Attributes.Flags = 0;

        Status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)Module, &Attributes);
        CHECK_NDIS(Status, "NdisFSetAttributes");

        NdisAcquireSpinLock(&Globals.FilterListLock);
        InsertHeadList(&Globals.FilterModuleList, &Module->Link);
        Globals.ModuleCount++;
        NdisReleaseSpinLock(&Globals.FilterListLock);

        Module = NULL;      /* owned by the list now */
    } while (FALSE);

    if (Module != NULL)
    {
        NdisFreeMemory(Module, 0, 0);
    }

    LOG_EXIT(Status);
    return Status;
}

VOID
FilterDetach(
    _In_ NDIS_HANDLE FilterModuleContext
    )
{
    PLWF_MODULE Module = (PLWF_MODULE)FilterModuleContext;

    LOG_TRACE("detach if %u after %I64d frames\n", Module->IfIndex, Module->RxFrames);

    NdisAcquireSpinLock(&Globals.FilterListLock);
    RemoveEntryList(&Module->Link);
    Globals.ModuleCount--;
    NdisReleaseSpinLock(&Globals.FilterListLock);

    NdisFreeMemory(Module, 0, 0);
}

NDIS_STATUS
FilterRestart(
    _In_ NDIS_HANDLE                     FilterModuleContext,
    _In_ PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    PLWF_MODULE Module = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);
    Module->State = LwfRunning;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
FilterPause(
    _In_ NDIS_HANDLE                   FilterModuleContext,
    _In_ PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters
    )
{
    PLWF_MODULE Module = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);
    /* receive path does not queue anything, so pausing is synchronous */
    Module->State = LwfPaused;
    return NDIS_STATUS_SUCCESS;
}

VOID
FilterReceiveNetBufferLists(
    _In_ NDIS_HANDLE      FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ NDIS_PORT_NUMBER PortNumber,
    _In_ ULONG            NumberOfNetBufferLists,
    _In_ ULONG            ReceiveFlags
    )
{
    PLWF_MODULE Module = (PLWF_MODULE)FilterModuleContext;

    if (Module->State == LwfRunning)
    {
        InterlockedAdd64(&Module->RxFrames, (LONG64)NumberOfNetBufferLists);
    }

    NdisFIndicateReceiveNetBufferLists(Module->FilterHandle,
                                       NetBufferLists,
                                       PortNumber,
                                       NumberOfNetBufferLists,
                                       ReceiveFlags);
}
