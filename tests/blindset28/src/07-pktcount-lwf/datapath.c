#include "pktcount.h"

static VOID PcCount(PNET_BUFFER_LIST Nbls, LONG64 *Frames, LONG64 *Bytes)
{
    PNET_BUFFER_LIST nbl;
    PNET_BUFFER nb;
    LONG64 frames = 0;
    LONG64 bytes = 0;

    for (nbl = Nbls; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
            frames++;
            bytes += NET_BUFFER_DATA_LENGTH(nb);
        }
    }

    *Frames = frames;
    *Bytes = bytes;
}

VOID
PcSendNbls(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ NDIS_PORT_NUMBER PortNumber,
    _In_ ULONG SendFlags
    )
{
    PPC_MODULE mod = (PPC_MODULE)FilterModuleContext;
    PNET_BUFFER_LIST nbl;
    LONG64 frames;
    LONG64 bytes;
    ULONG completeFlags = 0;

    if (mod->State != PcStateRunning) {
        for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
            NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_PAUSED;
        }
        if (NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags)) {
            completeFlags |= NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL;
        }
        NdisFSendNetBufferListsComplete(mod->FilterHandle, NetBufferLists, completeFlags);
        return;
    }

    PcCount(NetBufferLists, &frames, &bytes);
    InterlockedAdd64(&mod->TxFrames, frames);
    InterlockedAdd64(&mod->TxBytes, bytes);

    NdisFSendNetBufferLists(mod->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

VOID
PcSendNblsComplete(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ ULONG SendCompleteFlags
    )
{
    PPC_MODULE mod = (PPC_MODULE)FilterModuleContext;

    NdisFSendNetBufferListsComplete(mod->FilterHandle, NetBufferLists, SendCompleteFlags);
}

VOID
PcCancelSend(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PVOID CancelId
    )
{
    PPC_MODULE mod = (PPC_MODULE)FilterModuleContext;

    NdisFCancelSendNetBufferLists(mod->FilterHandle, CancelId);
}

VOID
PcReceiveNbls(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ NDIS_PORT_NUMBER PortNumber,
    _In_ ULONG NumberOfNetBufferLists,
    _In_ ULONG ReceiveFlags
    )
{
    PPC_MODULE mod = (PPC_MODULE)FilterModuleContext;
    LONG64 frames;
    LONG64 bytes;
    ULONG returnFlags = 0;

    if (mod->State != PcStateRunning) {
        if (!NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) {
            if (NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags)) {
                returnFlags |= NDIS_RETURN_FLAGS_DISPATCH_LEVEL;
            }
            NdisFReturnNetBufferLists(mod->FilterHandle, NetBufferLists, returnFlags);
        }
        return;
    }

    PcCount(NetBufferLists, &frames, &bytes);
    InterlockedAdd64(&mod->RxFrames, frames);
    InterlockedAdd64(&mod->RxBytes, bytes);

    NdisFIndicateReceiveNetBufferLists(mod->FilterHandle,
                                       NetBufferLists,
                                       PortNumber,
                                       NumberOfNetBufferLists,
                                       ReceiveFlags);
}

VOID
PcReturnNbls(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ ULONG ReturnFlags
    )
{
    PPC_MODULE mod = (PPC_MODULE)FilterModuleContext;

    NdisFReturnNetBufferLists(mod->FilterHandle, NetBufferLists, ReturnFlags);
}
