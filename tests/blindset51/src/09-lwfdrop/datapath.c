/*
 * datapath.c - receive path: split the chain into keep / drop
 */
#include "lwfdrop.h"

static BOOLEAN
DropMatches(
    _In_ PNET_BUFFER_LIST Nbl,
    _In_ USHORT EtherType
    )
{
    UCHAR   storage[14];
    PUCHAR  eth;

    eth = (PUCHAR)NdisGetDataBuffer(NET_BUFFER_LIST_FIRST_NB(Nbl), sizeof(storage), storage, 1, 0);
    if (eth == NULL) {
        return FALSE;   /* runt, let the stack deal with it */
    }
    return (USHORT)((eth[12] << 8) | eth[13]) == EtherType;
}

_Use_decl_annotations_
VOID
DropReceiveNbls(
    NDIS_HANDLE         FilterModuleContext,
    PNET_BUFFER_LIST    NetBufferLists,
    NDIS_PORT_NUMBER    PortNumber,
    ULONG               NumberOfNetBufferLists,
    ULONG               ReceiveFlags
    )
{
    PDROP_MODULE        m = (PDROP_MODULE)FilterModuleContext;
    PNET_BUFFER_LIST    keep = NULL, drop = NULL, nbl, next;
    PNET_BUFFER_LIST   *keepTail = &keep, *dropTail = &drop;
    ULONG               keepCount = 0;
    ULONG               returnFlags = 0;
    USHORT              etype = (USHORT)DropDriver.EtherType;

    if (NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags)) {
        returnFlags |= NDIS_RETURN_FLAGS_DISPATCH_LEVEL;
    }

    if (m->State != DropRunning) {
        /* paused: give everything back unless the miniport keeps ownership */
        if (!NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) {
            NdisFReturnNetBufferLists(m->FilterHandle, NetBufferLists, returnFlags);
        }
        return;
    }

    if (NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) {
        /* low resources: the chain must come back intact, don't split it */
        NdisFIndicateReceiveNetBufferLists(m->FilterHandle, NetBufferLists, PortNumber,
                                           NumberOfNetBufferLists, ReceiveFlags);
        return;
    }

    for (nbl = NetBufferLists; nbl != NULL; nbl = next) {
        next = NET_BUFFER_LIST_NEXT_NBL(nbl);
        NET_BUFFER_LIST_NEXT_NBL(nbl) = NULL;

        if (DropMatches(nbl, etype)) {
            *dropTail = nbl;
            dropTail = &NET_BUFFER_LIST_NEXT_NBL(nbl);
            InterlockedIncrement64(&m->Dropped);
        } else {
            *keepTail = nbl;
            keepTail = &NET_BUFFER_LIST_NEXT_NBL(nbl);
            keepCount++;
        }
    }

    if (keep != NULL) {
        NdisFIndicateReceiveNetBufferLists(m->FilterHandle, keep, PortNumber, keepCount, ReceiveFlags);
    }
    if (drop != NULL) {
        NdisFReturnNetBufferLists(m->FilterHandle, drop, returnFlags);
    }
}

_Use_decl_annotations_
VOID
DropReturnNbls(
    NDIS_HANDLE         FilterModuleContext,
    PNET_BUFFER_LIST    NetBufferLists,
    ULONG               ReturnFlags
    )
{
    PDROP_MODULE m = (PDROP_MODULE)FilterModuleContext;

    /* we never originate receives, everything here belongs to the miniport */
    NdisFReturnNetBufferLists(m->FilterHandle, NetBufferLists, ReturnFlags);
}
