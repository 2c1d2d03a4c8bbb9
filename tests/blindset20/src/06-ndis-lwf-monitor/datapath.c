/*++

Copyright (c) Tailspin Networks.  All rights reserved.

Module Name:

    datapath.c

Abstract:

    Send/receive accounting and OID pass-through for the traffic
    accounting filter.  NBLs are never modified or held; they are counted
    and passed on.

Environment:

    Kernel mode, NDIS 6.20+.  Data path handlers run at <= DISPATCH_LEVEL.

--*/

#include "filter.h"

static
VOID
FilterCountNbls(
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _Out_ PULONG64 Frames,
    _Out_ PULONG64 Bytes
    );


static
VOID
FilterCountNbls(
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _Out_ PULONG64 Frames,
    _Out_ PULONG64 Bytes
    )
{
    PNET_BUFFER_LIST nbl;
    PNET_BUFFER nb;
    ULONG64 frames = 0;
    ULONG64 bytes = 0;

    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
            frames++;
            bytes += NET_BUFFER_DATA_LENGTH(nb);
        }
    }

    *Frames = frames;
    *Bytes = bytes;
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
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;
    BOOLEAN dispatchLevel = NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags);
    PNET_BUFFER_LIST nbl;
    ULONG completeFlags = 0;
    ULONG64 frames;
    ULONG64 bytes;

    FilterCountNbls(NetBufferLists, &frames, &bytes);

    FILTER_ACQUIRE_LOCK(&module->Lock, dispatchLevel);

    if (module->State != FilterRunning) {

        module->Counters.FramesDroppedPaused += frames;
        FILTER_RELEASE_LOCK(&module->Lock, dispatchLevel);

        for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
            NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_PAUSED;
        }

        if (dispatchLevel) {
            NDIS_SET_SEND_COMPLETE_FLAG(completeFlags, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
        }

        NdisFSendNetBufferListsComplete(module->FilterHandle, NetBufferLists, completeFlags);
        return;
    }

    module->Counters.FramesSent += frames;
    module->Counters.BytesSent += bytes;

    FILTER_RELEASE_LOCK(&module->Lock, dispatchLevel);

    NdisFSendNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}


_Use_decl_annotations_
VOID
FilterSendNetBufferListsComplete(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    ULONG SendCompleteFlags
    )
{
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;

    NdisFSendNetBufferListsComplete(module->FilterHandle, NetBufferLists, SendCompleteFlags);
}


_Use_decl_annotations_
VOID
FilterCancelSendNetBufferLists(
    NDIS_HANDLE FilterModuleContext,
    PVOID CancelId
    )
{
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;

    NdisFCancelSendNetBufferLists(module->FilterHandle, CancelId);
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
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;
    BOOLEAN dispatchLevel = NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags);
    ULONG returnFlags = 0;
    ULONG64 frames;
    ULONG64 bytes;

    FilterCountNbls(NetBufferLists, &frames, &bytes);

    FILTER_ACQUIRE_LOCK(&module->Lock, dispatchLevel);

    if (module->State != FilterRunning) {

        module->Counters.FramesDroppedPaused += frames;
        FILTER_RELEASE_LOCK(&module->Lock, dispatchLevel);

        //
        // With NDIS_RECEIVE_FLAGS_RESOURCES the miniport reclaims the
        // NBLs when this call returns; otherwise hand them back now.
        //
        if (!NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) {
            if (dispatchLevel) {
                NDIS_SET_RETURN_FLAG(returnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
            }
            NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, returnFlags);
        }
        return;
    }

    module->Counters.FramesReceived += frames;
    module->Counters.BytesReceived += bytes;

    FILTER_RELEASE_LOCK(&module->Lock, dispatchLevel);

    NdisFIndicateReceiveNetBufferLists(module->FilterHandle,
                                       NetBufferLists,
                                       PortNumber,
                                       NumberOfNetBufferLists,
                                       ReceiveFlags);
}


_Use_decl_annotations_
VOID
FilterReturnNetBufferLists(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    ULONG ReturnFlags
    )
{
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;

    NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, ReturnFlags);
}


_Use_decl_annotations_
NDIS_STATUS
FilterOidRequest(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_OID_REQUEST Request
    )
/*++

Routine Description:

    Filters must forward a clone, never the original request.  The clone
    remembers the original in its SourceReserved area.

--*/
{
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;
    PNDIS_OID_REQUEST clonedRequest = NULL;
    PFILTER_REQUEST_CONTEXT context;
    NDIS_STATUS status;

    status = NdisAllocateCloneOidRequest(module->FilterHandle,
                                         Request,
                                         FILTER_REQUEST_ID,
                                         &clonedRequest);
    if (status != NDIS_STATUS_SUCCESS) {
        DEBUGP(DL_WARN, "clone OID 0x%08X failed 0x%08X",
               Request->DATA.QUERY_INFORMATION.Oid, status);
        return status;
    }

    context = (PFILTER_REQUEST_CONTEXT)(&clonedRequest->SourceReserved[0]);
    context->OriginalRequest = Request;

    clonedRequest->RequestId = Request->RequestId;

    status = NdisFOidRequest(module->FilterHandle, clonedRequest);

    if (status != NDIS_STATUS_PENDING) {
        FilterOidRequestComplete(module, clonedRequest, status);

        //
        // The original was completed by FilterOidRequestComplete.
        //
        status = NDIS_STATUS_PENDING;
    }

    return status;
}


_Use_decl_annotations_
VOID
FilterOidRequestComplete(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_OID_REQUEST Request,
    NDIS_STATUS Status
    )
{
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;
    PFILTER_REQUEST_CONTEXT context = (PFILTER_REQUEST_CONTEXT)(&Request->SourceReserved[0]);
    PNDIS_OID_REQUEST originalRequest = context->OriginalRequest;

    //
    // Copy results back to the original.
    //
    switch (Request->RequestType) {

    case NdisRequestMethod:
        originalRequest->DATA.METHOD_INFORMATION.OutputBufferLength =
            Request->DATA.METHOD_INFORMATION.OutputBufferLength;
        originalRequest->DATA.METHOD_INFORMATION.BytesRead =
            Request->DATA.METHOD_INFORMATION.BytesRead;
        originalRequest->DATA.METHOD_INFORMATION.BytesNeeded =
            Request->DATA.METHOD_INFORMATION.BytesNeeded;
        originalRequest->DATA.METHOD_INFORMATION.BytesWritten =
            Request->DATA.METHOD_INFORMATION.BytesWritten;
        break;

    case NdisRequestSetInformation:
        originalRequest->DATA.SET_INFORMATION.BytesRead =
            Request->DATA.SET_INFORMATION.BytesRead;
        originalRequest->DATA.SET_INFORMATION.BytesNeeded =
            Request->DATA.SET_INFORMATION.BytesNeeded;
        break;

    case NdisRequestQueryInformation:
    case NdisRequestQueryStatistics:
    default:
        originalRequest->DATA.QUERY_INFORMATION.BytesWritten =
            Request->DATA.QUERY_INFORMATION.BytesWritten;
        originalRequest->DATA.QUERY_INFORMATION.BytesNeeded =
            Request->DATA.QUERY_INFORMATION.BytesNeeded;
        break;
    }

    context->OriginalRequest = NULL;

    NdisFreeCloneOidRequest(module->FilterHandle, Request);

    NdisFOidRequestComplete(module->FilterHandle, originalRequest, Status);
}


_Use_decl_annotations_
VOID
FilterCancelOidRequest(
    NDIS_HANDLE FilterModuleContext,
    PVOID RequestId
    )
{
    PFILTER_MODULE module = (PFILTER_MODULE)FilterModuleContext;

    //
    // Clones carry the original RequestId, so the cancel can simply be
    // propagated.
    //
    NdisFCancelOidRequest(module->FilterHandle, RequestId);
}
