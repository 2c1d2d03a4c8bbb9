/*++

Copyright (c) Tailspin Networks.  All rights reserved.

Module Name:

    filter.c

Abstract:

    Driver entry/unload, filter driver registration and the filter
    module control path (attach, detach, restart, pause, status and
    PnP events).

Environment:

    Kernel mode, NDIS 6.20+.

--*/

#include "filter.h"

FILTER_GLOBALS g_Filter;

#if DBG
ULONG FilterDebugLevel = DL_INFO;
#else
ULONG FilterDebugLevel = DL_ERROR;
#endif

static
VOID
FilterInitializeGlobals(
    _Out_ PFILTER_GLOBALS Globals,
    _In_ PDRIVER_OBJECT DriverObject
    );

static
VOID
FilterFreeGlobals(
    _Inout_ PFILTER_GLOBALS Globals
    );

static
VOID
FilterBuildCharacteristics(
    _Out_ PNDIS_FILTER_DRIVER_CHARACTERISTICS Characteristics
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(INIT, FilterInitializeGlobals)
#pragma alloc_text(INIT, FilterBuildCharacteristics)
#pragma alloc_text(PAGE, FilterFreeGlobals)
#pragma alloc_text(PAGE, FilterUnload)
#pragma alloc_text(PAGE, FilterRegisterOptions)
#pragma alloc_text(PAGE, FilterAttach)
#pragma alloc_text(PAGE, FilterDetach)
#pragma alloc_text(PAGE, FilterRestart)
#pragma alloc_text(PAGE, FilterPause)
#endif

//
// NDIS keeps its own copies of the registration strings, but they are
// constants of the image anyway.
//
static NDIS_STRING FilterFriendlyName = RTL_CONSTANT_STRING(FILTER_FRIENDLY_NAME);
static NDIS_STRING FilterUniqueName   = RTL_CONSTANT_STRING(FILTER_UNIQUE_NAME);
static NDIS_STRING FilterServiceName  = RTL_CONSTANT_STRING(FILTER_SERVICE_NAME);


static
VOID
FilterInitializeGlobals(
    _Out_ PFILTER_GLOBALS Globals,
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    NdisZeroMemory(Globals, sizeof(*Globals));

    Globals->DriverObject = DriverObject;

    NdisAllocateSpinLock(&Globals->ModuleListLock);
    Globals->ModuleListLockAllocated = TRUE;

    InitializeListHead(&Globals->ModuleList);
}


static
VOID
FilterFreeGlobals(
    _Inout_ PFILTER_GLOBALS Globals
    )
{
    PAGED_CODE();

    if (Globals->ModuleListLockAllocated) {
        NdisFreeSpinLock(&Globals->ModuleListLock);
        Globals->ModuleListLockAllocated = FALSE;
    }
}


static
VOID
FilterBuildCharacteristics(
    _Out_ PNDIS_FILTER_DRIVER_CHARACTERISTICS Characteristics
    )
{
    NdisZeroMemory(Characteristics, sizeof(*Characteristics));

    Characteristics->Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    Characteristics->Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    Characteristics->Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;

    Characteristics->MajorNdisVersion = FILTER_MAJOR_NDIS_VERSION;
    Characteristics->MinorNdisVersion = FILTER_MINOR_NDIS_VERSION;
    Characteristics->MajorDriverVersion = FILTER_MAJOR_DRIVER_VERSION;
    Characteristics->MinorDriverVersion = FILTER_MINOR_DRIVER_VERSION;
    Characteristics->Flags = 0;

    Characteristics->FriendlyName = FilterFriendlyName;
    Characteristics->UniqueName = FilterUniqueName;
    Characteristics->ServiceName = FilterServiceName;

    //
    // Control path.
    //
    Characteristics->SetOptionsHandler = FilterRegisterOptions;
    Characteristics->AttachHandler = FilterAttach;
    Characteristics->DetachHandler = FilterDetach;
    Characteristics->RestartHandler = FilterRestart;
    Characteristics->PauseHandler = FilterPause;
    Characteristics->StatusHandler = FilterStatus;
    Characteristics->NetPnPEventHandler = FilterNetPnPEvent;
    Characteristics->DevicePnPEventNotifyHandler = FilterDevicePnPEventNotify;

    //
    // OID path.
    //
    Characteristics->OidRequestHandler = FilterOidRequest;
    Characteristics->OidRequestCompleteHandler = FilterOidRequestComplete;
    Characteristics->CancelOidRequestHandler = FilterCancelOidRequest;

    //
    // Data path.
    //
    Characteristics->SendNetBufferListsHandler = FilterSendNetBufferLists;
    Characteristics->SendNetBufferListsCompleteHandler = FilterSendNetBufferListsComplete;
    Characteristics->CancelSendNetBufferListsHandler = FilterCancelSendNetBufferLists;
    Characteristics->ReceiveNetBufferListsHandler = FilterReceiveNetBufferLists;
    Characteristics->ReturnNetBufferListsHandler = FilterReturnNetBufferLists;
}


_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
/*++

Routine Description:

    Registers the filter driver with NDIS, then its control device.

Return Value:

    NDIS_STATUS_SUCCESS or the failing registration's status, in which
    case nothing registered or allocated here survives.

--*/
{
    NDIS_STATUS status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS characteristics;
    NDIS_HANDLE filterDriverHandle = NULL;

    UNREFERENCED_PARAMETER(RegistryPath);

    DEBUGP(DL_INFO, "DriverEntry, NDIS %u.%u", FILTER_MAJOR_NDIS_VERSION, FILTER_MINOR_NDIS_VERSION);

    FilterInitializeGlobals(&g_Filter, DriverObject);

    FilterBuildCharacteristics(&characteristics);

    DriverObject->DriverUnload = FilterUnload;

    do {

        status = NdisFRegisterFilterDriver(DriverObject,
                                           (NDIS_HANDLE)&g_Filter,
                                           &characteristics,
                                           &filterDriverHandle);
        if (status != NDIS_STATUS_SUCCESS) {
            DEBUGP(DL_ERROR, "NdisFRegisterFilterDriver failed 0x%08X", status);
            break;
        }

        g_Filter.FilterDriverHandle = filterDriverHandle;

        status = FilterRegisterDevice(&g_Filter);
        if (status != NDIS_STATUS_SUCCESS) {
            DEBUGP(DL_ERROR, "FilterRegisterDevice failed 0x%08X", status);

            NdisFDeregisterFilterDriver(g_Filter.FilterDriverHandle);
            g_Filter.FilterDriverHandle = NULL;
            break;
        }

    } while (FALSE);

    if (status != NDIS_STATUS_SUCCESS) {
        FilterFreeGlobals(&g_Filter);
    }

    return (NTSTATUS)status;
}


_Use_decl_annotations_
VOID
FilterUnload(
    PDRIVER_OBJECT DriverObject
    )
/*++

Routine Description:

    NDIS has detached every filter module before the driver can be
    unloaded; what is left is the control device and the registration.

--*/
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(DriverObject);

    DEBUGP(DL_INFO, "FilterUnload");

    FilterDeregisterDevice(&g_Filter);

    if (g_Filter.FilterDriverHandle != NULL) {
        NdisFDeregisterFilterDriver(g_Filter.FilterDriverHandle);
        g_Filter.FilterDriverHandle = NULL;
    }

#if DBG
    FILTER_ACQUIRE_LOCK(&g_Filter.ModuleListLock, FALSE);
    NT_ASSERT(IsListEmpty(&g_Filter.ModuleList));
    FILTER_RELEASE_LOCK(&g_Filter.ModuleListLock, FALSE);
#endif

    FilterFreeGlobals(&g_Filter);
}


_Use_decl_annotations_
NDIS_STATUS
FilterRegisterOptions(
    NDIS_HANDLE NdisFilterDriverHandle,
    NDIS_HANDLE FilterDriverContext
    )
{
    PAGED_CODE();

    UNREFERENCED_PARAMETER(NdisFilterDriverHandle);
    UNREFERENCED_PARAMETER(FilterDriverContext);

    //
    // No optional services.
    //
    return NDIS_STATUS_SUCCESS;
}


_Use_decl_annotations_
NDIS_STATUS
FilterAttach(
    NDIS_HANDLE NdisFilterHandle,
    NDIS_HANDLE FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    PFILTER_GLOBALS globals = (PFILTER_GLOBALS)FilterDriverContext;
    PFILTER_MODULE module = NULL;
    NDIS_FILTER_ATTRIBUTES filterAttributes;
    NDIS_STATUS status;

    PAGED_CODE();

    if (globals != &g_Filter) {
        return NDIS_STATUS_FAILURE;
    }

    if (AttachParameters->MiniportMediaType != NdisMedium802_3) {
        DEBUGP(DL_WARN, "not attaching to medium %d", AttachParameters->MiniportMediaType);
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    module = (PFILTER_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle,
                                                               sizeof(FILTER_MODULE),
                                                               FILTER_ALLOC_TAG,
                                                               NormalPoolPriority);
    if (module == NULL) {
        return NDIS_STATUS_RESOURCES;
    }

    NdisZeroMemory(module, sizeof(*module));

    module->FilterHandle = NdisFilterHandle;
    module->MiniportIfIndex = AttachParameters->BaseMiniportIfIndex;
    module->MiniportNetLuid = AttachParameters->BaseMiniportNetLuid;
    module->Counters.MiniportIfIndex = AttachParameters->BaseMiniportIfIndex;
    NdisAllocateSpinLock(&module->Lock);

    NdisZeroMemory(&filterAttributes, sizeof(filterAttributes));
    filterAttributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    filterAttributes.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    filterAttributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    filterAttributes.Flags = 0;

    status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)module, &filterAttributes);
    if (status != NDIS_STATUS_SUCCESS) {
        DEBUGP(DL_ERROR, "NdisFSetAttributes failed 0x%08X", status);
        NdisFreeSpinLock(&module->Lock);
        NdisFreeMemory(module, 0, 0);
        return status;
    }

    module->State = FilterPaused;

    FILTER_ACQUIRE_LOCK(&g_Filter.ModuleListLock, FALSE);
    InsertHeadList(&g_Filter.ModuleList, &module->Link);
    g_Filter.ModuleCount++;
    FILTER_RELEASE_LOCK(&g_Filter.ModuleListLock, FALSE);

    DEBUGP(DL_INFO, "attached to ifIndex %lu", module->MiniportIfIndex);

    return NDIS_STATUS_SUCCESS;
}


_Use_decl_annotations_
VOID
FilterDetach(
    NDIS_HANDLE FilterModuleContext
    )
{
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;

    PAGED_CODE();

    NT_ASSERT(module->State == FilterPaused);

    FILTER_ACQUIRE_LOCK(&g_Filter.ModuleListLock, FALSE);
    RemoveEntryList(&module->Link);
    g_Filter.ModuleCount--;
    FILTER_RELEASE_LOCK(&g_Filter.ModuleListLock, FALSE);

    DEBUGP(DL_INFO, "detached from ifIndex %lu", module->MiniportIfIndex);

    NdisFreeSpinLock(&module->Lock);
    NdisFreeMemory(module, 0, 0);
}


_Use_decl_annotations_
NDIS_STATUS
FilterRestart(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(RestartParameters);

    NT_ASSERT(module->State == FilterPaused);

    FILTER_ACQUIRE_LOCK(&module->Lock, FALSE);
    module->State = FilterRunning;
    module->Counters.State = FilterRunning;
    FILTER_RELEASE_LOCK(&module->Lock, FALSE);

    return NDIS_STATUS_SUCCESS;
}


_Use_decl_annotations_
NDIS_STATUS
FilterPause(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters
    )
/*++

Routine Description:

    The filter never holds on to NBLs (they are passed straight through),
    so pausing completes synchronously.

--*/
{
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(PauseParameters);

    FILTER_ACQUIRE_LOCK(&module->Lock, FALSE);
    module->State = FilterPaused;
    module->Counters.State = FilterPaused;
    FILTER_RELEASE_LOCK(&module->Lock, FALSE);

    return NDIS_STATUS_SUCCESS;
}


_Use_decl_annotations_
VOID
FilterStatus(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_STATUS_INDICATION StatusIndication
    )
{
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;

    if (StatusIndication->StatusCode == NDIS_STATUS_LINK_STATE) {
        DEBUGP(DL_TRACE, "link state change on ifIndex %lu", module->MiniportIfIndex);
    }

    NdisFIndicateStatus(module->FilterHandle, StatusIndication);
}


_Use_decl_annotations_
NDIS_STATUS
FilterNetPnPEvent(
    NDIS_HANDLE FilterModuleContext,
    PNET_PNP_EVENT_NOTIFICATION NetPnPEventNotification
    )
{
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;

    return NdisFNetPnPEvent(module->FilterHandle, NetPnPEventNotification);
}


_Use_decl_annotations_
VOID
FilterDevicePnPEventNotify(
    NDIS_HANDLE FilterModuleContext,
    PNET_DEVICE_PNP_EVENT NetDevicePnPEvent
    )
{
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;

    NdisFDevicePnPEventNotify(module->FilterHandle, NetDevicePnPEvent);
}
