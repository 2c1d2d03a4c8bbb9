#include "pktcount.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FilterUnload;
FILTER_ATTACH FilterAttach;
FILTER_DETACH FilterDetach;
FILTER_RESTART FilterRestart;
FILTER_PAUSE FilterPause;
FILTER_SEND_NET_BUFFER_LISTS FilterSendNetBufferLists;
FILTER_RECEIVE_NET_BUFFER_LISTS FilterReceiveNetBufferLists;

NDIS_HANDLE     FilterDriverHandle = NULL;
NDIS_HANDLE     FilterDriverObject = NULL;
NDIS_SPIN_LOCK  FilterListLock;
LIST_ENTRY      FilterModuleList;

#pragma NDIS_INIT_FUNCTION(DriverEntry)

static ULONG
CountNbls(
    _In_ PNET_BUFFER_LIST Nbl
    )
{
    ULONG n = 0;
    for (; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) {
        n++;
    }
    return n;
}

NDIS_STATUS
FilterAttach(
    _In_ NDIS_HANDLE NdisFilterHandle,
    _In_ NDIS_HANDLE FilterDriverContext,
    _In_ PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    PPKTC_FILTER filter;
    NDIS_FILTER_ATTRIBUTES attributes;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    filter = (PPKTC_FILTER)NdisAllocateMemoryWithTagPriority(NdisFilterHandle,
                                                             sizeof(PKTC_FILTER),
                                                             PKTC_TAG,
                                                             LowPoolPriority);
    if (filter == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(filter, sizeof(*filter));
    filter->FilterHandle = NdisFilterHandle;
    filter->IfIndex = AttachParameters->BaseMiniportIfIndex;
    filter->State = FilterPaused;

    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attributes.Header.Size = sizeof(attributes);
    attributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attributes.Flags = 0;

    status = NdisFSetAttributes(NdisFilterHandle, filter, &attributes);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemory(filter, 0, 0);
        return status;
    }

    NdisAcquireSpinLock(&FilterListLock);
    InsertTailList(&FilterModuleList, &filter->Link);
    NdisReleaseSpinLock(&FilterListLock);
    return NDIS_STATUS_SUCCESS;
}

VOID
FilterDetach(
    _In_ NDIS_HANDLE FilterModuleContext
    )
{
    PPKTC_FILTER filter = (PPKTC_FILTER)FilterModuleContext;

    NdisAcquireSpinLock(&FilterListLock);
    RemoveEntryList(&filter->Link);
    NdisReleaseSpinLock(&FilterListLock);

    NdisFreeMemory(filter, 0, 0);
}

NDIS_STATUS
FilterRestart(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    UNREFERENCED_PARAMETER(RestartParameters);
    ((PPKTC_FILTER)FilterModuleContext)->State = FilterRunning;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
FilterPause(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters
    )
{
    UNREFERENCED_PARAMETER(PauseParameters);
    ((PPKTC_FILTER)FilterModuleContext)->State = FilterPaused;
    return NDIS_STATUS_SUCCESS;
}

VOID
FilterSendNetBufferLists(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ NDIS_PORT_NUMBER PortNumber,
    _In_ ULONG SendFlags
    )
{
    PPKTC_FILTER filter = (PPKTC_FILTER)FilterModuleContext;

    InterlockedAdd64(&filter->TxFrames, CountNbls(NetBufferLists));
    NdisFSendNetBufferLists(filter->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

VOID
FilterReceiveNetBufferLists(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ NDIS_PORT_NUMBER PortNumber,
    _In_ ULONG NumberOfNetBufferLists,
    _In_ ULONG ReceiveFlags
    )
{
    PPKTC_FILTER filter = (PPKTC_FILTER)FilterModuleContext;

    InterlockedAdd64(&filter->RxFrames, NumberOfNetBufferLists);
    NdisFIndicateReceiveNetBufferLists(filter->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}

_Use_decl_annotations_
VOID
FilterUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PktcDeregisterDevice();
    NdisFDeregisterFilterDriver(FilterDriverHandle);
    FilterDriverHandle = NULL;
    NdisFreeSpinLock(&FilterListLock);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS fchars;
    NDIS_STRING serviceName = RTL_CONSTANT_STRING(FILTER_SERVICE_NAME);
    NDIS_STRING uniqueName = RTL_CONSTANT_STRING(FILTER_UNIQUE_NAME);
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(FILTER_FRIENDLY_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    FilterDriverObject = DriverObject;

    NdisZeroMemory(&fchars, sizeof(fchars));
    fchars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
    fchars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
    fchars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
    fchars.MajorNdisVersion = FILTER_MAJOR_NDIS_VERSION;
    fchars.MinorNdisVersion = FILTER_MINOR_NDIS_VERSION;
    fchars.MajorDriverVersion = 1;
    fchars.MinorDriverVersion = 2;
    fchars.Flags = 0;
    fchars.FriendlyName = friendlyName;
    fchars.UniqueName = uniqueName;
    fchars.ServiceName = serviceName;

    fchars.AttachHandler = FilterAttach;
    fchars.DetachHandler = FilterDetach;
    fchars.RestartHandler = FilterRestart;
    fchars.PauseHandler = FilterPause;
    fchars.SendNetBufferListsHandler = FilterSendNetBufferLists;
    fchars.ReceiveNetBufferListsHandler = FilterReceiveNetBufferLists;

    DriverObject->DriverUnload = FilterUnload;

    NdisAllocateSpinLock(&FilterListLock);
    InitializeListHead(&FilterModuleList);

    status = NdisFRegisterFilterDriver(DriverObject,
                                       (NDIS_HANDLE)FilterDriverObject,
                                       &fchars,
                                       &FilterDriverHandle);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeSpinLock(&FilterListLock);
        return status;
    }

    status = PktcRegisterDevice();
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFDeregisterFilterDriver(FilterDriverHandle);
        FilterDriverHandle = NULL;
        NdisFreeSpinLock(&FilterListLock);
        return status;
    }

    return STATUS_SUCCESS;
}
