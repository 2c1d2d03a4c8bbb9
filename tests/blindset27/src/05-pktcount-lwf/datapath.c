/*
 * datapath.c - pass-through send/receive handlers that only count.
 */
#include "pktcount.h"

static VOID
PcCount(
    _In_ PNET_BUFFER_LIST Nbls,
    _Inout_ LONG64 *Packets,
    _Inout_ LONG64 *Bytes
    )
{
    PNET_BUFFER_LIST nbl;
    PNET_BUFFER nb;
    LONG64 packets = 0;
    LONG64 bytes = 0;

    for (nbl = Nbls; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
            packets++;
            bytes += NET_BUFFER_DATA_LENGTH(nb);
        }
    }

    InterlockedAdd64(Packets, packets);
    InterlockedAdd64(Bytes, bytes);
}

VOID
PcSendNetBufferLists(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ NDIS_PORT_NUMBER PortNumber,
    _In_ ULONG SendFlags
    )
{
    PPC_MODULE module = (PPC_MODULE)FilterModuleContext;

    PcCount(NetBufferLists, &module->Counters.TxPackets, &module->Counters.TxBytes);
    NdisFSendNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

VOID
PcSendNetBufferListsComplete(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ ULONG SendCompleteFlags
    )
{
    PPC_MODULE module = (PPC_MODULE)FilterModuleContext;

    NdisFSendNetBufferListsComplete(module->FilterHandle, NetBufferLists, SendCompleteFlags);
}

VOID
PcReceiveNetBufferLists(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ NDIS_PORT_NUMBER PortNumber,
    _In_ ULONG NumberOfNetBufferLists,
    _In_ ULONG ReceiveFlags
    )
{
    PPC_MODULE module = (PPC_MODULE)FilterModuleContext;

    PcCount(NetBufferLists, &module->Counters.RxPackets, &module->Counters.RxBytes);
    NdisFIndicateReceiveNetBufferLists(module->FilterHandle,
                                       NetBufferLists,
                                       PortNumber,
                                       NumberOfNetBufferLists,
                                       ReceiveFlags);
}

VOID
PcReturnNetBufferLists(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ ULONG ReturnFlags
    )
{
    PPC_MODULE module = (PPC_MODULE)FilterModuleContext;

    NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, ReturnFlags);
}
