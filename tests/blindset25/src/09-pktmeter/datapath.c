/*
 * datapath.c - pass-through send/receive with counters
 *
 * Copyright (c) PktMeter contributors. MIT licensed.
 */
#include "precomp.h"

static VOID PmCount(_In_ PNET_BUFFER_LIST Nbls, _Out_ PLONG64 Packets, _Out_ PLONG64 Bytes)
{
    PNET_BUFFER_LIST nbl;
    PNET_BUFFER nb;

    *Packets = 0;
    *Bytes = 0;
    for (nbl = Nbls; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
            (*Packets)++;
            *Bytes += NET_BUFFER_DATA_LENGTH(nb);
        }
    }
}

_Use_decl_annotations_
VOID PmSendNetBufferLists(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                          NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    PPM_FILTER_MODULE module = (PPM_FILTER_MODULE)FilterModuleContext;
    PNET_BUFFER_LIST nbl;
    ULONG completeFlags = 0;
    LONG64 packets, bytes;

    if (module->State != PmModuleRunning) {
        /* not allowed to forward while paused: fail the sends back up */
        for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
            NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_PAUSED;
        }
        if (NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags)) {
            NDIS_SET_SEND_COMPLETE_FLAG(completeFlags, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
        }
        NdisFSendNetBufferListsComplete(module->FilterHandle, NetBufferLists, completeFlags);
        return;
    }

    PmCount(NetBufferLists, &packets, &bytes);
    InterlockedAdd64(&module->TxPackets, packets);
    InterlockedAdd64(&module->TxBytes, bytes);
    NdisFSendNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

_Use_decl_annotations_
VOID PmSendNetBufferListsComplete(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                                  ULONG SendCompleteFlags)
{
    NdisFSendNetBufferListsComplete(((PPM_FILTER_MODULE)FilterModuleContext)->FilterHandle,
                                    NetBufferLists, SendCompleteFlags);
}

_Use_decl_annotations_
VOID PmReceiveNetBufferLists(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
                             NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    PPM_FILTER_MODULE module = (PPM_FILTER_MODULE)FilterModuleContext;
    ULONG returnFlags = 0;
    LONG64 packets, bytes;

    if (module->State != PmModuleRunning) {
        /* only hand back what we may keep; RESOURCES indications return on their own */
        if (NDIS_TEST_RECEIVE_CAN_PEND(ReceiveFlags)) {
            if (NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags)) {
                NDIS_SET_RETURN_FLAG(returnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
            }
            NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, returnFlags);
        }
        return;
    }

    PmCount(NetBufferLists, &packets, &bytes);
    InterlockedAdd64(&module->RxPackets, packets);
    InterlockedAdd64(&module->RxBytes, bytes);
    NdisFIndicateReceiveNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}

_Use_decl_annotations_
VOID PmReturnNetBufferLists(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
    NdisFReturnNetBufferLists(((PPM_FILTER_MODULE)FilterModuleContext)->FilterHandle, NetBufferLists, ReturnFlags);
}
