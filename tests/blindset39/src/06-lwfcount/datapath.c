/*
 * datapath.c - pass everything through, just count frames
 */
#include "lwf.h"

static ULONG CountNbls(PNET_BUFFER_LIST Nbl)
{
    ULONG n = 0;
    for (; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl))
        n++;
    return n;
}

_Use_decl_annotations_
VOID
LwfSendNetBufferLists(
    NDIS_HANDLE         FilterModuleContext,
    PNET_BUFFER_LIST    NetBufferLists,
    NDIS_PORT_NUMBER    PortNumber,
    ULONG               SendFlags
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    InterlockedAdd64(&module->TxFrames, CountNbls(NetBufferLists));
    NdisFSendNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

_Use_decl_annotations_
VOID
LwfSendNetBufferListsComplete(
    NDIS_HANDLE         FilterModuleContext,
    PNET_BUFFER_LIST    NetBufferLists,
    ULONG               SendCompleteFlags
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    NdisFSendNetBufferListsComplete(module->FilterHandle, NetBufferLists, SendCompleteFlags);
}

_Use_decl_annotations_
VOID
LwfReceiveNetBufferLists(
    NDIS_HANDLE         FilterModuleContext,
    PNET_BUFFER_LIST    NetBufferLists,
    NDIS_PORT_NUMBER    PortNumber,
    ULONG               NumberOfNetBufferLists,
    ULONG               ReceiveFlags
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    InterlockedAdd64(&module->RxFrames, NumberOfNetBufferLists);
    NdisFIndicateReceiveNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}

_Use_decl_annotations_
VOID
LwfReturnNetBufferLists(
    NDIS_HANDLE         FilterModuleContext,
    PNET_BUFFER_LIST    NetBufferLists,
    ULONG               ReturnFlags
    )
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, ReturnFlags);
}
