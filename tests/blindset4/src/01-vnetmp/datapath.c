/*
 * datapath.c - send and loopback receive for the VNET miniport.
 */
#include "vnetmp.h"

static
VOID
VnetCompleteSends(
    _In_ PVNET_ADAPTER Adapter,
    _In_ PNET_BUFFER_LIST NblChain,
    _In_ NDIS_STATUS Status,
    _In_ BOOLEAN DispatchLevel
    )
{
    PNET_BUFFER_LIST nbl;
    ULONG count = 0;

    for (nbl = NblChain; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        NET_BUFFER_LIST_STATUS(nbl) = Status;
        count++;
    }

    NdisMSendNetBufferListsComplete(Adapter->MiniportAdapterHandle, NblChain,
                                    DispatchLevel ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);

    if (InterlockedAdd(&Adapter->PendingSends, -(LONG)count) == 0 &&
        Adapter->State == VnetAdapterPausing) {
        NdisSetEvent(&Adapter->SendsDrained);
    }
}

_Use_decl_annotations_
VOID
VnetSendNetBufferLists(
    NDIS_HANDLE MiniportAdapterContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG SendFlags
    )
{
    PVNET_ADAPTER       adapter = (PVNET_ADAPTER)MiniportAdapterContext;
    PNET_BUFFER_LIST    nbl;
    BOOLEAN             atDispatch = NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags);
    ULONG               count = 0;

    UNREFERENCED_PARAMETER(PortNumber);

    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        count++;
    }
    InterlockedAdd(&adapter->PendingSends, (LONG)count);

    if (adapter->State != VnetAdapterRunning) {
        VnetCompleteSends(adapter, NetBufferLists, NDIS_STATUS_PAUSED, atDispatch);
        return;
    }

    adapter->FramesTx += count;
    if (g_Vnet.LoopbackAllAdapters) {
        VnetLoopFrames(adapter, NetBufferLists);
    }

    VnetCompleteSends(adapter, NetBufferLists, NDIS_STATUS_SUCCESS, atDispatch);
}

VOID
VnetLoopFrames(
    _In_ PVNET_ADAPTER Source,
    _In_ PNET_BUFFER_LIST NblChain
    )
{
    PLIST_ENTRY     entry;
    PVNET_ADAPTER   peer;
    PNET_BUFFER_LIST nbl;

    NdisAcquireSpinLock(&g_Vnet.AdapterListLock);
    for (entry = g_Vnet.AdapterList.Flink; entry != &g_Vnet.AdapterList; entry = entry->Flink) {
        peer = CONTAINING_RECORD(entry, VNET_ADAPTER, Link);
        if (peer == Source || peer->State != VnetAdapterRunning) {
            continue;
        }
        for (nbl = NblChain; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
            /*
             * A full implementation copies into an NBL from peer->NblPool
             * and indicates it; the lab build only counts.
             */
            peer->FramesRx++;
            InterlockedIncrement64(&g_Vnet.Stats->FramesLooped);
        }
    }
    NdisReleaseSpinLock(&g_Vnet.AdapterListLock);
}

_Use_decl_annotations_
VOID
VnetReturnNetBufferLists(
    NDIS_HANDLE MiniportAdapterContext,
    PNET_BUFFER_LIST NetBufferLists,
    ULONG ReturnFlags
    )
{
    PNET_BUFFER_LIST nbl;
    PNET_BUFFER_LIST next;

    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ReturnFlags);

    for (nbl = NetBufferLists; nbl != NULL; nbl = next) {
        next = NET_BUFFER_LIST_NEXT_NBL(nbl);
        NET_BUFFER_LIST_NEXT_NBL(nbl) = NULL;
        NdisFreeNetBufferList(nbl);
    }
}

_Use_decl_annotations_
VOID
VnetCancelSend(
    NDIS_HANDLE MiniportAdapterContext,
    PVOID CancelId
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}
