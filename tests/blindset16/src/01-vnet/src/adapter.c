/*
 * adapter.c - Per-adapter lifetime (MiniportInitializeEx / MiniportHaltEx), the
 * pause/restart state machine and the software-switch datapath.
 *
 * Copyright (c) VNet Project Authors. All rights reserved.
 */

#include "vnet.h"
#include "trace.h"
#include "adapter.tmh"

#define VNET_NBL_CONTEXT_SIZE   0

static
VOID
VnetGenerateMacAddress(
    _In_ PVNET_ADAPTER Adapter
    )
{
    LARGE_INTEGER tick;

    KeQueryTickCount(&tick);

    //
    // Locally administered, unicast: 02-xx-xx-xx-xx-port
    //
    Adapter->PermanentAddress[0] = 0x02;
    Adapter->PermanentAddress[1] = (UCHAR)(tick.LowPart >> 24);
    Adapter->PermanentAddress[2] = (UCHAR)(tick.LowPart >> 16);
    Adapter->PermanentAddress[3] = (UCHAR)(tick.LowPart >> 8);
    Adapter->PermanentAddress[4] = (UCHAR)(tick.LowPart);
    Adapter->PermanentAddress[5] = (UCHAR)Adapter->PortIndex;

    NdisMoveMemory(Adapter->CurrentAddress,
                   Adapter->PermanentAddress,
                   ETH_LENGTH_OF_ADDRESS);
}

static
NDIS_STATUS
VnetAllocateNblPool(
    _In_ PVNET_ADAPTER Adapter
    )
{
    NET_BUFFER_LIST_POOL_PARAMETERS params;

    NdisZeroMemory(&params, sizeof(params));
    params.Header.Type      = NDIS_OBJECT_TYPE_DEFAULT;
    params.Header.Revision  = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    params.Header.Size      = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    params.ProtocolId       = NDIS_PROTOCOL_ID_DEFAULT;
    params.fAllocateNetBuffer = TRUE;
    params.ContextSize      = VNET_NBL_CONTEXT_SIZE;
    params.PoolTag          = VNET_TAG_FRAME;
    params.DataSize         = 0;

    Adapter->NblPool = NdisAllocateNetBufferListPool(Adapter->MiniportAdapterHandle, &params);
    return (Adapter->NblPool != NULL) ? NDIS_STATUS_SUCCESS : NDIS_STATUS_RESOURCES;
}

static
NDIS_STATUS
VnetSetRegistrationAttributes(
    _In_ PVNET_ADAPTER Adapter
    )
{
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES reg;

    NdisZeroMemory(&reg, sizeof(reg));
    reg.Header.Type     = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    reg.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    reg.Header.Size     = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    reg.MiniportAdapterContext = (NDIS_HANDLE)Adapter;
    reg.AttributeFlags  = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND |
                          NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK;
    reg.CheckForHangTimeInSeconds = 0;
    reg.InterfaceType   = NdisInterfaceInternal;

    return NdisMSetMiniportAttributes(Adapter->MiniportAdapterHandle,
                                      (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&reg);
}

static
VOID
VnetAdapterFree(
    _In_ PVNET_ADAPTER Adapter
    )
{
    if (Adapter->NblPool != NULL) {
        NdisFreeNetBufferListPool(Adapter->NblPool);
        Adapter->NblPool = NULL;
    }

    NdisFreeSpinLock(&Adapter->Lock);
    ExFreePoolWithTag(Adapter, VNET_TAG_ADAPTER);
}

_Use_decl_annotations_
VOID
VnetAdapterReference(
    PVNET_ADAPTER Adapter
    )
{
    InterlockedIncrement(&Adapter->RefCount);
}

_Use_decl_annotations_
VOID
VnetAdapterDereference(
    PVNET_ADAPTER Adapter
    )
{
    if (InterlockedDecrement(&Adapter->RefCount) == 0) {
        VnetAdapterFree(Adapter);
    }
}

_Use_decl_annotations_
NDIS_STATUS
VnetMiniportInitializeEx(
    NDIS_HANDLE                        MiniportAdapterHandle,
    NDIS_HANDLE                        MiniportDriverContext,
    PNDIS_MINIPORT_INIT_PARAMETERS     MiniportInitParameters
    )
{
    NDIS_STATUS     status;
    PVNET_ADAPTER   adapter;
    BOOLEAN         inserted = FALSE;

    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    VNET_TRACE_ENTER(TRACE_ADAPTER);

    adapter = ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*adapter), VNET_TAG_ADAPTER);
    if (adapter == NULL) {
        return NDIS_STATUS_RESOURCES;
    }

    NdisZeroMemory(adapter, sizeof(*adapter));
    InitializeListHead(&adapter->GlobalLink);
    NdisAllocateSpinLock(&adapter->Lock);
    NdisInitializeEvent(&adapter->ReceivesDrained);
    adapter->RefCount = 1;
    adapter->State = VnetAdapterInitializing;
    adapter->MiniportAdapterHandle = MiniportAdapterHandle;
    adapter->Mtu = g_Vnet->Params.DefaultMtu;
    adapter->LookAhead = adapter->Mtu;
    adapter->MediaState = MediaConnectStateConnected;

    status = VnetSetRegistrationAttributes(adapter);
    if (status != NDIS_STATUS_SUCCESS) {
        VnetTraceError(TRACE_ADAPTER, "registration attributes %!STATUS!", status);
        goto Fail;
    }

    status = VnetPortTableInsert(adapter);
    if (status != NDIS_STATUS_SUCCESS) {
        VnetTraceError(TRACE_ADAPTER, "switch is full (%u ports)", g_Vnet->PortTableSize);
        goto Fail;
    }
    inserted = TRUE;

    VnetGenerateMacAddress(adapter);

    status = VnetSetGeneralAttributes(adapter);
    if (status != NDIS_STATUS_SUCCESS) {
        VnetTraceError(TRACE_ADAPTER, "general attributes %!STATUS!", status);
        goto Fail;
    }

    status = VnetAllocateNblPool(adapter);
    if (status != NDIS_STATUS_SUCCESS) {
        goto Fail;
    }

    adapter->State = VnetAdapterPaused;

    VnetTraceInfo(TRACE_ADAPTER, "port %u up, mac %!MACADDR!",
                  adapter->PortIndex, adapter->CurrentAddress);
    return NDIS_STATUS_SUCCESS;

Fail:
    if (inserted) {
        VnetPortTableRemove(adapter);
    }
    VnetAdapterDereference(adapter);
    return status;
}

_Use_decl_annotations_
VOID
VnetMiniportHaltEx(
    NDIS_HANDLE         MiniportAdapterContext,
    NDIS_HALT_ACTION    HaltAction
    )
{
    PVNET_ADAPTER adapter = (PVNET_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(HaltAction);

    VNET_TRACE_ENTER(TRACE_ADAPTER);

    NT_ASSERT(adapter->State == VnetAdapterPaused);

    VnetPortTableRemove(adapter);
    adapter->State = VnetAdapterHalted;

    VnetAdapterDereference(adapter);
}

_Use_decl_annotations_
NDIS_STATUS
VnetMiniportPause(
    NDIS_HANDLE                         MiniportAdapterContext,
    PNDIS_MINIPORT_PAUSE_PARAMETERS     PauseParameters
    )
{
    PVNET_ADAPTER adapter = (PVNET_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    NdisAcquireSpinLock(&adapter->Lock);
    adapter->State = VnetAdapterPausing;
    NdisResetEvent(&adapter->ReceivesDrained);
    NdisReleaseSpinLock(&adapter->Lock);

    if (adapter->PendingReceives != 0) {
        NdisWaitEvent(&adapter->ReceivesDrained, 0);
    }

    adapter->State = VnetAdapterPaused;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
VnetMiniportRestart(
    NDIS_HANDLE                         MiniportAdapterContext,
    PNDIS_MINIPORT_RESTART_PARAMETERS   RestartParameters
    )
{
    PVNET_ADAPTER adapter = (PVNET_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    NdisAcquireSpinLock(&adapter->Lock);
    adapter->State = VnetAdapterRunning;
    NdisReleaseSpinLock(&adapter->Lock);

    return NDIS_STATUS_SUCCESS;
}

static
BOOLEAN
VnetPortAcceptsFrame(
    _In_ PVNET_ADAPTER Port,
    _In_reads_(ETH_LENGTH_OF_ADDRESS) const UCHAR *Dest
    )
{
    ULONG i;
    ULONG filter = Port->PacketFilter;

    if (filter & NDIS_PACKET_TYPE_PROMISCUOUS) {
        return TRUE;
    }

    if (ETH_IS_BROADCAST(Dest)) {
        return (filter & NDIS_PACKET_TYPE_BROADCAST) != 0;
    }

    if (ETH_IS_MULTICAST(Dest)) {
        if (filter & NDIS_PACKET_TYPE_ALL_MULTICAST) {
            return TRUE;
        }
        if (filter & NDIS_PACKET_TYPE_MULTICAST) {
            for (i = 0; i < Port->McastCount; i++) {
                if (ETH_EQUAL_ADDRESS(Port->McastList[i], Dest)) {
                    return TRUE;
                }
            }
        }
        return FALSE;
    }

    return (filter & NDIS_PACKET_TYPE_DIRECTED) &&
           ETH_EQUAL_ADDRESS(Port->CurrentAddress, Dest);
}

static
VOID
VnetIndicateCopy(
    _In_ PVNET_ADAPTER Port,
    _In_reads_bytes_(Length) const UCHAR *Frame,
    _In_ ULONG Length
    )
{
    PVNET_RCB rcb;

    if (Length > VNET_MAX_FRAME_SIZE) {
        Port->RxDropped++;
        return;
    }

    rcb = ExAllocateFromNPagedLookasideList(&g_Vnet->RcbLookaside);
    if (rcb == NULL) {
        Port->RxDropped++;
        return;
    }

    RtlCopyMemory(rcb->Data, Frame, Length);
    rcb->DataLength = Length;
    rcb->Adapter = Port;

    rcb->Mdl = NdisAllocateMdl(Port->MiniportAdapterHandle, rcb->Data, Length);
    if (rcb->Mdl == NULL) {
        ExFreeToNPagedLookasideList(&g_Vnet->RcbLookaside, rcb);
        Port->RxDropped++;
        return;
    }

    rcb->Nbl = NdisAllocateNetBufferAndNetBufferList(Port->NblPool, 0, 0, rcb->Mdl, 0, Length);
    if (rcb->Nbl == NULL) {
        NdisFreeMdl(rcb->Mdl);
        ExFreeToNPagedLookasideList(&g_Vnet->RcbLookaside, rcb);
        Port->RxDropped++;
        return;
    }

    rcb->Nbl->MiniportReserved[0] = rcb;
    rcb->Nbl->SourceHandle = Port->MiniportAdapterHandle;

    VnetAdapterReference(Port);
    InterlockedIncrement(&Port->PendingReceives);
    Port->FramesRx++;
    Port->BytesRx += Length;

    NdisMIndicateReceiveNetBufferLists(Port->MiniportAdapterHandle,
                                       rcb->Nbl,
                                       NDIS_DEFAULT_PORT_NUMBER,
                                       1,
                                       0);
}

static
VOID
VnetSwitchFrame(
    _In_ PVNET_ADAPTER Source,
    _In_ PNET_BUFFER Nb
    )
{
    UCHAR   stack[VNET_MAX_FRAME_SIZE];
    PUCHAR  frame;
    ULONG   length = NET_BUFFER_DATA_LENGTH(Nb);
    ULONG   i;
    PVNET_ADAPTER targets[VNET_MAX_PORTS];
    ULONG   targetCount = 0;

    if (length < sizeof(ETH_HEADER) || length > VNET_MAX_FRAME_SIZE) {
        Source->TxDropped++;
        return;
    }

    frame = NdisGetDataBuffer(Nb, length, stack, 1, 0);
    if (frame == NULL) {
        Source->TxDropped++;
        return;
    }

    NdisAcquireSpinLock(&g_Vnet->AdapterListLock);
    for (i = 0; i < g_Vnet->PortTableSize; i++) {
        PVNET_ADAPTER port = g_Vnet->PortTable[i];
        if (port == NULL || port->State != VnetAdapterRunning) {
            continue;
        }
        if (port == Source && !g_Vnet->Params.LoopbackSelf) {
            continue;
        }
        if (VnetPortAcceptsFrame(port, frame)) {
            VnetAdapterReference(port);
            targets[targetCount++] = port;
        }
    }
    NdisReleaseSpinLock(&g_Vnet->AdapterListLock);

    for (i = 0; i < targetCount; i++) {
        VnetIndicateCopy(targets[i], frame, length);
        VnetAdapterDereference(targets[i]);
    }

    Source->FramesTx++;
    Source->BytesTx += length;
}

_Use_decl_annotations_
VOID
VnetMiniportSendNetBufferLists(
    NDIS_HANDLE         MiniportAdapterContext,
    PNET_BUFFER_LIST    NetBufferLists,
    NDIS_PORT_NUMBER    PortNumber,
    ULONG               SendFlags
    )
{
    PVNET_ADAPTER       adapter = (PVNET_ADAPTER)MiniportAdapterContext;
    PNET_BUFFER_LIST    nbl;
    PNET_BUFFER         nb;
    NDIS_STATUS         completion = NDIS_STATUS_SUCCESS;
    ULONG               completeFlags = 0;

    UNREFERENCED_PARAMETER(PortNumber);

    if (NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags)) {
        completeFlags |= NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL;
    }

    if (adapter->State != VnetAdapterRunning) {
        completion = NDIS_STATUS_PAUSED;
    }

    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        if (completion == NDIS_STATUS_SUCCESS) {
            for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
                VnetSwitchFrame(adapter, nb);
            }
        }
        NET_BUFFER_LIST_STATUS(nbl) = completion;
    }

    NdisMSendNetBufferListsComplete(adapter->MiniportAdapterHandle,
                                    NetBufferLists,
                                    completeFlags);
}

_Use_decl_annotations_
VOID
VnetMiniportReturnNetBufferLists(
    NDIS_HANDLE         MiniportAdapterContext,
    PNET_BUFFER_LIST    NetBufferLists,
    ULONG               ReturnFlags
    )
{
    PVNET_ADAPTER       adapter = (PVNET_ADAPTER)MiniportAdapterContext;
    PNET_BUFFER_LIST    nbl;
    PNET_BUFFER_LIST    next;
    PVNET_RCB           rcb;

    UNREFERENCED_PARAMETER(ReturnFlags);

    for (nbl = NetBufferLists; nbl != NULL; nbl = next) {
        next = NET_BUFFER_LIST_NEXT_NBL(nbl);
        NET_BUFFER_LIST_NEXT_NBL(nbl) = NULL;

        rcb = (PVNET_RCB)nbl->MiniportReserved[0];
        NdisFreeNetBufferList(rcb->Nbl);
        NdisFreeMdl(rcb->Mdl);
        ExFreeToNPagedLookasideList(&g_Vnet->RcbLookaside, rcb);

        if (InterlockedDecrement(&adapter->PendingReceives) == 0 &&
            adapter->State == VnetAdapterPausing) {
            NdisSetEvent(&adapter->ReceivesDrained);
        }
        VnetAdapterDereference(adapter);
    }
}

_Use_decl_annotations_
VOID
VnetMiniportCancelSend(
    NDIS_HANDLE MiniportAdapterContext,
    PVOID       CancelId
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}

_Use_decl_annotations_
BOOLEAN
VnetMiniportCheckForHangEx(
    NDIS_HANDLE MiniportAdapterContext
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    return FALSE;
}

_Use_decl_annotations_
NDIS_STATUS
VnetMiniportResetEx(
    NDIS_HANDLE MiniportAdapterContext,
    PBOOLEAN    AddressingReset
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    *AddressingReset = FALSE;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
VnetMiniportDevicePnpEventNotify(
    NDIS_HANDLE             MiniportAdapterContext,
    PNET_DEVICE_PNP_EVENT   NetDevicePnPEvent
    )
{
    PVNET_ADAPTER adapter = (PVNET_ADAPTER)MiniportAdapterContext;

    if (NetDevicePnPEvent->DevicePnPEvent == NdisDevicePnPEventSurpriseRemoved) {
        VnetTraceInfo(TRACE_ADAPTER, "port %u surprise removed", adapter->PortIndex);
        adapter->MediaState = MediaConnectStateDisconnected;
    }
}

_Use_decl_annotations_
VOID
VnetMiniportShutdownEx(
    NDIS_HANDLE             MiniportAdapterContext,
    NDIS_SHUTDOWN_ACTION    ShutdownAction
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}
