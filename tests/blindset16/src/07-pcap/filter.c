/*++

Copyright (c) PcapLwf contributors.

Module Name:

    filter.c

Abstract:

    Filter module lifetime and the pass-through datapath.

--*/

#include "filter.h"
#include "trace.h"
#include "filter.tmh"

_Use_decl_annotations_
NDIS_STATUS
PcapFilterSetOptions(
    NDIS_HANDLE NdisFilterDriverHandle,
    NDIS_HANDLE FilterDriverContext
    )
{
    UNREFERENCED_PARAMETER(NdisFilterDriverHandle);
    UNREFERENCED_PARAMETER(FilterDriverContext);

    return NDIS_STATUS_SUCCESS;
}

static
NDIS_STATUS
PcapCloneString(
    _Out_ PNDIS_STRING Dest,
    _In_ PCNDIS_STRING Source
    )
{
    Dest->Length = 0;
    Dest->MaximumLength = Source->Length;
    Dest->Buffer = NULL;

    if (Source->Length == 0)
    {
        return NDIS_STATUS_SUCCESS;
    }

    Dest->Buffer = ExAllocatePoolZero(NonPagedPoolNx, Source->Length, PCAP_ALLOC_TAG);
    if (Dest->Buffer == NULL)
    {
        return NDIS_STATUS_RESOURCES;
    }
    RtlCopyUnicodeString(Dest, Source);
    return NDIS_STATUS_SUCCESS;
}

static
VOID
PcapFreeString(
    _Inout_ PNDIS_STRING String
    )
{
    if (String->Buffer != NULL)
    {
        ExFreePoolWithTag(String->Buffer, PCAP_ALLOC_TAG);
        String->Buffer = NULL;
    }
    String->Length = String->MaximumLength = 0;
}

static
VOID
PcapFreeModule(
    _In_ PPCAP_FILTER_MODULE Module
    )
{
    PcapFreeString(&Module->FilterModuleName);
    PcapFreeString(&Module->MiniportFriendlyName);
    PcapFreeString(&Module->MiniportName);
    NdisFreeSpinLock(&Module->Lock);
    ExFreePoolWithTag(Module, PCAP_ALLOC_TAG);
}

_Use_decl_annotations_
NDIS_STATUS
PcapFilterAttach(
    NDIS_HANDLE                     NdisFilterHandle,
    NDIS_HANDLE                     FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS  AttachParameters
    )
{
    PPCAP_FILTER_MODULE         Module = NULL;
    NDIS_STATUS                 Status;
    NDIS_FILTER_ATTRIBUTES      FilterAttributes;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_FILTER, "===>FilterAttach: NdisFilterHandle %p", NdisFilterHandle);

    do
    {
        if ((AttachParameters->MiniportMediaType != NdisMedium802_3) &&
            (AttachParameters->MiniportMediaType != NdisMediumWan) &&
            (AttachParameters->MiniportMediaType != NdisMediumWirelessWan))
        {
            Status = NDIS_STATUS_INVALID_PARAMETER;
            break;
        }

        Module = ExAllocatePoolZero(NonPagedPoolNx, sizeof(PCAP_FILTER_MODULE), PCAP_ALLOC_TAG);
        if (Module == NULL)
        {
            Status = NDIS_STATUS_RESOURCES;
            break;
        }

        NdisAllocateSpinLock(&Module->Lock);
        InitializeListHead(&Module->Opens);

        Status = PcapCloneString(&Module->FilterModuleName, AttachParameters->FilterModuleGuidName);
        if (Status == NDIS_STATUS_SUCCESS)
        {
            Status = PcapCloneString(&Module->MiniportFriendlyName, AttachParameters->BaseMiniportInstanceName);
        }
        if (Status == NDIS_STATUS_SUCCESS)
        {
            Status = PcapCloneString(&Module->MiniportName, AttachParameters->BaseMiniportName);
        }
        if (Status != NDIS_STATUS_SUCCESS)
        {
            break;
        }

        Module->MiniportIfIndex = AttachParameters->BaseMiniportIfIndex;
        Module->FilterHandle = NdisFilterHandle;
        Module->State = FilterPaused;
        Module->RefCount = 1;

        NdisZeroMemory(&FilterAttributes, sizeof(NDIS_FILTER_ATTRIBUTES));
        FilterAttributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
        FilterAttributes.Header.Size = sizeof(NDIS_FILTER_ATTRIBUTES);
        FilterAttributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
        FilterAttributes.Flags = 0;

        NDIS_DECLARE_FILTER_MODULE_CONTEXT(PCAP_FILTER_MODULE);
        Status = NdisFSetAttributes(NdisFilterHandle, Module, &FilterAttributes);
        if (Status != NDIS_STATUS_SUCCESS)
        {
            TraceEvents(TRACE_LEVEL_ERROR, DBG_FILTER, "NdisFSetAttributes %!STATUS!", Status);
            break;
        }

        FILTER_ACQUIRE_LOCK(&PcapGlobals.FilterListLock, FALSE);
        InsertHeadList(&PcapGlobals.FilterModuleList, &Module->FilterModuleLink);
        FILTER_RELEASE_LOCK(&PcapGlobals.FilterListLock, FALSE);
    }
    while (FALSE);

    if (Status != NDIS_STATUS_SUCCESS && Module != NULL)
    {
        PcapFreeModule(Module);
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_FILTER, "<===FilterAttach: %!STATUS!", Status);
    return Status;
}

_Use_decl_annotations_
VOID
PcapFilterDetach(
    NDIS_HANDLE     FilterModuleContext
    )
{
    PPCAP_FILTER_MODULE Module = (PPCAP_FILTER_MODULE)FilterModuleContext;
    PLIST_ENTRY Link;

    ASSERT(Module->State == FilterPaused);

    FILTER_ACQUIRE_LOCK(&Module->Lock, FALSE);
    while (!IsListEmpty(&Module->Opens))
    {
        Link = RemoveHeadList(&Module->Opens);
        CONTAINING_RECORD(Link, PCAP_OPEN, Link)->Module = NULL;
        InitializeListHead(Link);
    }
    FILTER_RELEASE_LOCK(&Module->Lock, FALSE);

    FILTER_ACQUIRE_LOCK(&PcapGlobals.FilterListLock, FALSE);
    RemoveEntryList(&Module->FilterModuleLink);
    FILTER_RELEASE_LOCK(&PcapGlobals.FilterListLock, FALSE);

    PcapFreeModule(Module);
}

_Use_decl_annotations_
NDIS_STATUS
PcapFilterRestart(
    NDIS_HANDLE                     FilterModuleContext,
    PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    PPCAP_FILTER_MODULE Module = (PPCAP_FILTER_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    ASSERT(Module->State == FilterPaused);
    Module->State = FilterRunning;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
PcapFilterPause(
    NDIS_HANDLE                     FilterModuleContext,
    PNDIS_FILTER_PAUSE_PARAMETERS   PauseParameters
    )
{
    PPCAP_FILTER_MODULE Module = (PPCAP_FILTER_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    FILTER_ACQUIRE_LOCK(&Module->Lock, FALSE);
    Module->State = FilterPausing;
    FILTER_RELEASE_LOCK(&Module->Lock, FALSE);

    Module->State = FilterPaused;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
PcapFilterSendNetBufferLists(
    NDIS_HANDLE         FilterModuleContext,
    PNET_BUFFER_LIST    NetBufferLists,
    NDIS_PORT_NUMBER    PortNumber,
    ULONG               SendFlags
    )
{
    PPCAP_FILTER_MODULE Module = (PPCAP_FILTER_MODULE)FilterModuleContext;
    BOOLEAN DispatchLevel = NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags);

    if (Module->State == FilterRunning)
    {
        PcapCaptureNbls(Module, NetBufferLists, TRUE, DispatchLevel);
    }

    NdisFSendNetBufferLists(Module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

_Use_decl_annotations_
VOID
PcapFilterSendNetBufferListsComplete(
    NDIS_HANDLE         FilterModuleContext,
    PNET_BUFFER_LIST    NetBufferLists,
    ULONG               SendCompleteFlags
    )
{
    PPCAP_FILTER_MODULE Module = (PPCAP_FILTER_MODULE)FilterModuleContext;

    NdisFSendNetBufferListsComplete(Module->FilterHandle, NetBufferLists, SendCompleteFlags);
}

_Use_decl_annotations_
VOID
PcapFilterReceiveNetBufferLists(
    NDIS_HANDLE         FilterModuleContext,
    PNET_BUFFER_LIST    NetBufferLists,
    NDIS_PORT_NUMBER    PortNumber,
    ULONG               NumberOfNetBufferLists,
    ULONG               ReceiveFlags
    )
{
    PPCAP_FILTER_MODULE Module = (PPCAP_FILTER_MODULE)FilterModuleContext;
    BOOLEAN DispatchLevel = NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags);
    ULONG ReturnFlags;

    if (Module->State != FilterRunning)
    {
        if (NDIS_TEST_RECEIVE_CAN_PEND(ReceiveFlags))
        {
            ReturnFlags = DispatchLevel ? NDIS_RETURN_FLAGS_DISPATCH_LEVEL : 0;
            NdisFReturnNetBufferLists(Module->FilterHandle, NetBufferLists, ReturnFlags);
        }
        return;
    }

    PcapCaptureNbls(Module, NetBufferLists, FALSE, DispatchLevel);

    NdisFIndicateReceiveNetBufferLists(Module->FilterHandle,
                                       NetBufferLists,
                                       PortNumber,
                                       NumberOfNetBufferLists,
                                       ReceiveFlags);
}

_Use_decl_annotations_
VOID
PcapFilterReturnNetBufferLists(
    NDIS_HANDLE         FilterModuleContext,
    PNET_BUFFER_LIST    NetBufferLists,
    ULONG               ReturnFlags
    )
{
    PPCAP_FILTER_MODULE Module = (PPCAP_FILTER_MODULE)FilterModuleContext;

    NdisFReturnNetBufferLists(Module->FilterHandle, NetBufferLists, ReturnFlags);
}

_Use_decl_annotations_
VOID
PcapFilterCancelSendNetBufferLists(
    NDIS_HANDLE     FilterModuleContext,
    PVOID           CancelId
    )
{
    PPCAP_FILTER_MODULE Module = (PPCAP_FILTER_MODULE)FilterModuleContext;

    NdisFCancelSendNetBufferLists(Module->FilterHandle, CancelId);
}
