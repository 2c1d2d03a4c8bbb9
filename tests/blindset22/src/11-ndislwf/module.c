/*++

Module Name:

    module.c

Abstract:

    Filter module (per adapter binding) callbacks and the pass-through data
    path of NetTally.

--*/

#include "filter.h"

//
// LwfAttach / LwfDetach run at PASSIVE_LEVEL but take the module spin lock,
// so they stay in nonpaged code.
//

static VOID
LwfCountNbls(
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _Inout_ LONG64 volatile *Frames,
    _Inout_ LONG64 volatile *Bytes
    )
{
    PNET_BUFFER_LIST nbl;
    PNET_BUFFER nb;
    LONG64 frames = 0;
    LONG64 bytes = 0;

    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
            frames++;
            bytes += NET_BUFFER_DATA_LENGTH(nb);
        }
    }

    InterlockedAdd64(Frames, frames);
    InterlockedAdd64(Bytes, bytes);
}

_Use_decl_annotations_
NDIS_STATUS
LwfAttach(
    NDIS_HANDLE NdisFilterHandle,
    NDIS_HANDLE FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    PLWF_GLOBALS globals = (PLWF_GLOBALS)FilterDriverContext;
    PLWF_MODULE module = NULL;
    NDIS_FILTER_ATTRIBUTES attributes;
    NDIS_STATUS status;

    if (globals != &LwfGlobals) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    //
    // Counting works on any medium, but only bind to the ones we tested.
    //
    if (AttachParameters->MiniportMediaType != NdisMedium802_3 &&
        AttachParameters->MiniportMediaType != NdisMediumWirelessWan &&
        AttachParameters->MiniportMediaType != NdisMediumNative802_11) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    module = (PLWF_MODULE)NdisAllocateMemoryWithTagPriority(globals->FilterDriverHandle,
                                                            sizeof(LWF_MODULE),
                                                            LWF_TAG,
                                                            NormalPoolPriority);
    if (module == NULL) {
        return NDIS_STATUS_RESOURCES;
    }

    NdisZeroMemory(module, sizeof(*module));
    module->FilterHandle = NdisFilterHandle;
    module->IfIndex = AttachParameters->BaseMiniportIfIndex;
    module->State = LwfStatePaused;

    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attributes.Header.Size = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    attributes.Flags = 0;

    status = NdisFSetAttributes(NdisFilterHandle, module, &attributes);
    if (status != NDIS_STATUS_SUCCESS) {
        LWF_ERR("NdisFSetAttributes 0x%08X", status);
        NdisFreeMemory(module, 0, 0);
        return status;
    }

    NdisAcquireSpinLock(&globals->ModuleLock);
    InsertTailList(&globals->ModuleList, &module->Link);
    globals->ModuleCount++;
    NdisReleaseSpinLock(&globals->ModuleLock);

    LWF_LOG("attached to ifindex %lu", module->IfIndex);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
LwfDetach(
    NDIS_HANDLE FilterModuleContext
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    NT_ASSERT(module->State == LwfStatePaused);

    NdisAcquireSpinLock(&LwfGlobals.ModuleLock);
    RemoveEntryList(&module->Link);
    LwfGlobals.ModuleCount--;
    NdisReleaseSpinLock(&LwfGlobals.ModuleLock);

    module->State = LwfStateDetached;
    LWF_LOG("detached from ifindex %lu", module->IfIndex);

    NdisFreeMemory(module, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS
LwfRestart(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    NT_ASSERT(module->State == LwfStatePaused);
    module->State = LwfStateRunning;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
LwfPause(
    NDIS_HANDLE FilterModuleContext,
    PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    //
    // We never own NBLs (everything is passed straight through), so there is
    // nothing outstanding to wait for.
    //
    module->State = LwfStatePausing;
    module->State = LwfStatePaused;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
LwfSendNetBufferLists(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG SendFlags
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;
    PNET_BUFFER_LIST nbl;
    ULONG completeFlags = 0;

    if (module->State != LwfStateRunning) {
        //
        // Paused or pausing: hand the NBLs straight back as failed.
        //
        for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
            NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_PAUSED;
        }
        if (NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags)) {
            completeFlags |= NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL;
        }
        NdisFSendNetBufferListsComplete(module->FilterHandle, NetBufferLists, completeFlags);
        return;
    }

    LwfCountNbls(NetBufferLists, &module->TxFrames, &module->TxBytes);
    NdisFSendNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

_Use_decl_annotations_
VOID
LwfSendNetBufferListsComplete(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    ULONG SendCompleteFlags
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    // none of these are ours: pass the completion up
    NdisFSendNetBufferListsComplete(module->FilterHandle, NetBufferLists, SendCompleteFlags);
}

_Use_decl_annotations_
VOID
LwfReceiveNetBufferLists(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG NumberOfNetBufferLists,
    ULONG ReceiveFlags
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;
    ULONG returnFlags = 0;

    if (module->State != LwfStateRunning) {
        //
        // Must not indicate while paused. If the miniport gave us the NBLs
        // with NDIS_RECEIVE_FLAGS_RESOURCES they are returned by simply
        // returning from this call; otherwise return them explicitly.
        //
        if (!NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) {
            if (NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags)) {
                returnFlags |= NDIS_RETURN_FLAGS_DISPATCH_LEVEL;
            }
            NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, returnFlags);
        }
        return;
    }

    LwfCountNbls(NetBufferLists, &module->RxFrames, &module->RxBytes);
    NdisFIndicateReceiveNetBufferLists(module->FilterHandle,
                                       NetBufferLists,
                                       PortNumber,
                                       NumberOfNetBufferLists,
                                       ReceiveFlags);
}

_Use_decl_annotations_
VOID
LwfReturnNetBufferLists(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    ULONG ReturnFlags
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, ReturnFlags);
}
