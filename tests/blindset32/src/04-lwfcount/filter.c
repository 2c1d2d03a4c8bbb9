#include "filter.h"

#pragma NDIS_INIT_FUNCTION(DriverEntry)

PDRIVER_OBJECT  FilterDriverObject;
NDIS_HANDLE     FilterDriverHandle;
NDIS_SPIN_LOCK  FilterListLock;
LIST_ENTRY      FilterModuleList;

_Use_decl_annotations_
NTSTATUS
DriverEntry(
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NDIS_STATUS status;
    NDIS_FILTER_DRIVER_CHARACTERISTICS fChars;
    NDIS_STRING serviceName  = RTL_CONSTANT_STRING(FILTER_SERVICE_NAME);
    NDIS_STRING uniqueName   = RTL_CONSTANT_STRING(FILTER_UNIQUE_NAME);
    NDIS_STRING friendlyName = RTL_CONSTANT_STRING(FILTER_FRIENDLY_NAME);

    UNREFERENCED_PARAMETER(RegistryPath);

    do
    {
        FilterDriverObject = DriverObject;
        FilterDriverHandle = NULL;

        NdisZeroMemory(&fChars, sizeof(NDIS_FILTER_DRIVER_CHARACTERISTICS));
        fChars.Header.Type = NDIS_OBJECT_TYPE_FILTER_DRIVER_CHARACTERISTICS;
        fChars.Header.Size = NDIS_SIZEOF_FILTER_DRIVER_CHARACTERISTICS_REVISION_2;
        fChars.Header.Revision = NDIS_FILTER_CHARACTERISTICS_REVISION_2;
        fChars.MajorNdisVersion = FILTER_MAJOR_NDIS_VERSION;
        fChars.MinorNdisVersion = FILTER_MINOR_NDIS_VERSION;
        fChars.MajorDriverVersion = 1;
        fChars.MinorDriverVersion = 2;
        fChars.FriendlyName = friendlyName;
        fChars.UniqueName = uniqueName;
        fChars.ServiceName = serviceName;

        fChars.AttachHandler = FilterAttach;
        fChars.DetachHandler = FilterDetach;
        fChars.RestartHandler = FilterRestart;
        fChars.PauseHandler = FilterPause;
        fChars.SendNetBufferListsHandler = FilterSendNetBufferLists;
        fChars.SendNetBufferListsCompleteHandler = FilterSendNetBufferListsComplete;
        fChars.ReceiveNetBufferListsHandler = FilterReceiveNetBufferLists;
        fChars.ReturnNetBufferListsHandler = FilterReturnNetBufferLists;

        DriverObject->DriverUnload = FilterUnload;

        NdisAllocateSpinLock(&FilterListLock);
        InitializeListHead(&FilterModuleList);

        status = NdisFRegisterFilterDriver(DriverObject,
                                           (NDIS_HANDLE)FilterDriverObject,
                                           &fChars,
                                           &FilterDriverHandle);
        if (status != NDIS_STATUS_SUCCESS)
        {
            DEBUGP("NdisFRegisterFilterDriver failed 0x%x\n", status);
            NdisFreeSpinLock(&FilterListLock);
            break;
        }

        status = StatsStart(FilterDriverHandle);
        if (status != NDIS_STATUS_SUCCESS)
        {
            DEBUGP("StatsStart failed 0x%x\n", status);
            NdisFDeregisterFilterDriver(FilterDriverHandle);
            NdisFreeSpinLock(&FilterListLock);
            break;
        }

        status = FilterRegisterDevice();
        if (status != NDIS_STATUS_SUCCESS)
        {
            DEBUGP("FilterRegisterDevice failed 0x%x\n", status);
            StatsStop();
            NdisFreeSpinLock(&FilterListLock);
            break;
        }
    } while (FALSE);

    return status;
}

_Use_decl_annotations_
VOID
FilterUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    FilterDeregisterDevice();
    NdisFDeregisterFilterDriver(FilterDriverHandle);
    NdisFreeSpinLock(&FilterListLock);
}

_Use_decl_annotations_
NDIS_STATUS
FilterAttach(
    NDIS_HANDLE NdisFilterHandle,
    NDIS_HANDLE FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    NDIS_STATUS status;
    PFILTER_CONTEXT ctx;
    NDIS_FILTER_ATTRIBUTES attrs;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    ctx = NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(FILTER_CONTEXT),
                                            FILTER_TAG, NormalPoolPriority);
    if (ctx == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(ctx, sizeof(FILTER_CONTEXT));
    ctx->FilterHandle = NdisFilterHandle;
    ctx->MiniportIfIndex = AttachParameters->BaseMiniportIfIndex;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attrs.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;

    status = NdisFSetAttributes(NdisFilterHandle, ctx, &attrs);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeMemory(ctx, 0, 0);
        return status;
    }

    NdisAcquireSpinLock(&FilterListLock);
    InsertTailList(&FilterModuleList, &ctx->Link);
    NdisReleaseSpinLock(&FilterListLock);

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
FilterDetach(
    NDIS_HANDLE FilterModuleContext
    )
{
    PFILTER_CONTEXT ctx = (PFILTER_CONTEXT)FilterModuleContext;

    NdisAcquireSpinLock(&FilterListLock);
    RemoveEntryList(&ctx->Link);
    NdisReleaseSpinLock(&FilterListLock);

    NdisFreeMemory(ctx, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS
FilterRestart(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    UNREFERENCED_PARAMETER(RestartParameters);
    ((PFILTER_CONTEXT)FilterModuleContext)->Running = TRUE;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
FilterPause(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters
    )
{
    UNREFERENCED_PARAMETER(PauseParameters);
    ((PFILTER_CONTEXT)FilterModuleContext)->Running = FALSE;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
FilterSendNetBufferLists(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG SendFlags
    )
{
    PFILTER_CONTEXT ctx = (PFILTER_CONTEXT)FilterModuleContext;
    PNET_BUFFER_LIST nbl;

    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        InterlockedIncrement64(&ctx->TxFrames);
    }
    NdisFSendNetBufferLists(ctx->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

_Use_decl_annotations_
VOID
FilterSendNetBufferListsComplete(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    ULONG SendCompleteFlags
    )
{
    PFILTER_CONTEXT ctx = (PFILTER_CONTEXT)FilterModuleContext;
    NdisFSendNetBufferListsComplete(ctx->FilterHandle, NetBufferLists, SendCompleteFlags);
}

_Use_decl_annotations_
VOID
FilterReceiveNetBufferLists(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG NumberOfNetBufferLists,
    ULONG ReceiveFlags
    )
{
    PFILTER_CONTEXT ctx = (PFILTER_CONTEXT)FilterModuleContext;

    InterlockedAdd64(&ctx->RxFrames, NumberOfNetBufferLists);
    NdisFIndicateReceiveNetBufferLists(ctx->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}

_Use_decl_annotations_
VOID
FilterReturnNetBufferLists(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    ULONG ReturnFlags
    )
{
    PFILTER_CONTEXT ctx = (PFILTER_CONTEXT)FilterModuleContext;
    NdisFReturnNetBufferLists(ctx->FilterHandle, NetBufferLists, ReturnFlags);
}
