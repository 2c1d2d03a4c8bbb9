/*++

Copyright (c) Proseware Virtualization.  All rights reserved.

Module Name:

    datapath.c

Abstract:

    Send and receive paths of the software loopback Ethernet adapter.

    Send:    each NET_BUFFER is copied into a free receive control block
             (RCB) and queued; the NBLs are completed immediately.
    Receive: a one-shot timer DPC indicates all queued RCBs as one NBL
             chain; MiniportReturnNetBufferLists puts them back.

Environment:

    Kernel mode, NDIS 6.20+.

--*/

#include "hvnic.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, HvnAllocateReceiveResources)
#pragma alloc_text(PAGE, HvnFreeReceiveResources)
#endif


_Use_decl_annotations_
NDIS_STATUS
HvnAllocateReceiveResources(
    PHVN_ADAPTER Adapter
    )
/*++

Routine Description:

    Allocates the NBL pool, the RCB array (each with an MDL and a
    pre-built NBL) and the receive timer.  On failure the caller releases
    whatever was allocated through HvnFreeReceiveResources.

--*/
{
    NET_BUFFER_LIST_POOL_PARAMETERS poolParameters;
    NDIS_TIMER_CHARACTERISTICS timerCharacteristics;
    PHVN_RCB rcb;
    ULONG i;

    PAGED_CODE();

    NdisZeroMemory(&poolParameters, sizeof(poolParameters));
    poolParameters.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    poolParameters.Header.Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    poolParameters.Header.Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    poolParameters.ProtocolId = NDIS_PROTOCOL_ID_DEFAULT;
    poolParameters.fAllocateNetBuffer = TRUE;
    poolParameters.ContextSize = 0;
    poolParameters.PoolTag = HVN_TAG_RCB;
    poolParameters.DataSize = 0;

    Adapter->RecvNblPool = NdisAllocateNetBufferListPool(Adapter->AdapterHandle, &poolParameters);
    if (Adapter->RecvNblPool == NULL) {
        return NDIS_STATUS_RESOURCES;
    }

    Adapter->RcbArray = (PHVN_RCB)NdisAllocateMemoryWithTagPriority(Adapter->AdapterHandle,
                                                                    sizeof(HVN_RCB) * HVN_RECEIVE_BLOCKS,
                                                                    HVN_TAG_RCB,
                                                                    NormalPoolPriority);
    if (Adapter->RcbArray == NULL) {
        return NDIS_STATUS_RESOURCES;
    }

    NdisZeroMemory(Adapter->RcbArray, sizeof(HVN_RCB) * HVN_RECEIVE_BLOCKS);

    for (i = 0; i < HVN_RECEIVE_BLOCKS; i++) {

        rcb = &Adapter->RcbArray[i];

        rcb->Mdl = NdisAllocateMdl(Adapter->AdapterHandle, rcb->Data, HVN_MAX_FRAME_SIZE);
        if (rcb->Mdl == NULL) {
            return NDIS_STATUS_RESOURCES;
        }

        rcb->Nbl = NdisAllocateNetBufferAndNetBufferList(Adapter->RecvNblPool,
                                                         0,
                                                         0,
                                                         rcb->Mdl,
                                                         0,
                                                         HVN_MAX_FRAME_SIZE);
        if (rcb->Nbl == NULL) {
            return NDIS_STATUS_RESOURCES;
        }

        rcb->Nbl->SourceHandle = Adapter->AdapterHandle;
        HVN_RCB_FROM_NBL(rcb->Nbl) = rcb;

        InsertTailList(&Adapter->FreeRcbList, &rcb->Link);
    }

    NdisZeroMemory(&timerCharacteristics, sizeof(timerCharacteristics));
    timerCharacteristics.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    timerCharacteristics.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    timerCharacteristics.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    timerCharacteristics.AllocationTag = HVN_TAG;
    timerCharacteristics.TimerFunction = HvnReceiveTimerFunction;
    timerCharacteristics.FunctionContext = Adapter;

    return NdisAllocateTimerObject(Adapter->AdapterHandle,
                                   &timerCharacteristics,
                                   &Adapter->RecvTimer);
}


_Use_decl_annotations_
VOID
HvnFreeReceiveResources(
    PHVN_ADAPTER Adapter
    )
{
    PHVN_RCB rcb;
    ULONG i;

    PAGED_CODE();

    if (Adapter->RecvTimer != NULL) {
        (VOID)NdisCancelTimerObject(Adapter->RecvTimer);
        NdisFreeTimerObject(Adapter->RecvTimer);
        Adapter->RecvTimer = NULL;
    }

    if (Adapter->RcbArray != NULL) {

        for (i = 0; i < HVN_RECEIVE_BLOCKS; i++) {

            rcb = &Adapter->RcbArray[i];

            if (rcb->Nbl != NULL) {
                NdisFreeNetBufferList(rcb->Nbl);
                rcb->Nbl = NULL;
            }

            if (rcb->Mdl != NULL) {
                NdisFreeMdl(rcb->Mdl);
                rcb->Mdl = NULL;
            }
        }

        NdisFreeMemory(Adapter->RcbArray, 0, 0);
        Adapter->RcbArray = NULL;
    }

    InitializeListHead(&Adapter->FreeRcbList);
    InitializeListHead(&Adapter->PendingRcbList);

    if (Adapter->RecvNblPool != NULL) {
        NdisFreeNetBufferListPool(Adapter->RecvNblPool);
        Adapter->RecvNblPool = NULL;
    }
}


_Use_decl_annotations_
VOID
HvnSendNetBufferLists(
    NDIS_HANDLE MiniportAdapterContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG SendFlags
    )
{
    PHVN_ADAPTER adapter = (PHVN_ADAPTER)MiniportAdapterContext;
    BOOLEAN dispatchLevel = NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags);
    ULONG completeFlags = 0;
    PNET_BUFFER_LIST nbl;
    PNET_BUFFER nb;
    PHVN_RCB rcb;
    PUCHAR data;
    ULONG length;
    BOOLEAN queued = FALSE;
    NDIS_STATUS nblStatus;
    LARGE_INTEGER dueTime;

    UNREFERENCED_PARAMETER(PortNumber);

    if (dispatchLevel) {
        NdisDprAcquireSpinLock(&adapter->Lock);
    } else {
        NdisAcquireSpinLock(&adapter->Lock);
    }

    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {

        nblStatus = (adapter->State == HvnAdapterRunning) ? NDIS_STATUS_SUCCESS : NDIS_STATUS_PAUSED;

        for (nb = NET_BUFFER_LIST_FIRST_NB(nbl);
             nb != NULL && nblStatus == NDIS_STATUS_SUCCESS;
             nb = NET_BUFFER_NEXT_NB(nb)) {

            length = NET_BUFFER_DATA_LENGTH(nb);

            if (length < HVN_HEADER_SIZE || length > HVN_MAX_FRAME_SIZE) {
                adapter->TransmitDiscards++;
                continue;
            }

            adapter->FramesTransmitted++;
            adapter->BytesTransmitted += length;

            if (IsListEmpty(&adapter->FreeRcbList)) {
                adapter->ReceiveNoBuffer++;
                continue;
            }

            rcb = CONTAINING_RECORD(RemoveHeadList(&adapter->FreeRcbList), HVN_RCB, Link);

            data = (PUCHAR)NdisGetDataBuffer(nb, length, rcb->Data, 1, 0);
            if (data == NULL) {
                InsertHeadList(&adapter->FreeRcbList, &rcb->Link);
                adapter->TransmitDiscards++;
                continue;
            }

            if (data != rcb->Data) {
                NdisMoveMemory(rcb->Data, data, length);
            }

            NET_BUFFER_DATA_LENGTH(NET_BUFFER_LIST_FIRST_NB(rcb->Nbl)) = length;
            InsertTailList(&adapter->PendingRcbList, &rcb->Link);
            queued = TRUE;
        }

        NET_BUFFER_LIST_STATUS(nbl) = nblStatus;
    }

    if (dispatchLevel) {
        NdisDprReleaseSpinLock(&adapter->Lock);
    } else {
        NdisReleaseSpinLock(&adapter->Lock);
    }

    if (queued) {
        dueTime.QuadPart = -10000LL * HVN_RECEIVE_DELAY_MS;
        (VOID)NdisSetTimerObject(adapter->RecvTimer, dueTime, 0, NULL);
    }

    if (dispatchLevel) {
        NDIS_SET_SEND_COMPLETE_FLAG(completeFlags, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
    }

    NdisMSendNetBufferListsComplete(adapter->AdapterHandle, NetBufferLists, completeFlags);
}


_Use_decl_annotations_
VOID
HvnReceiveTimerFunction(
    PVOID SystemSpecific1,
    PVOID FunctionContext,
    PVOID SystemSpecific2,
    PVOID SystemSpecific3
    )
{
    PHVN_ADAPTER adapter = (PHVN_ADAPTER)FunctionContext;
    PNET_BUFFER_LIST head = NULL;
    PNET_BUFFER_LIST tail = NULL;
    PHVN_RCB rcb;
    ULONG count = 0;

    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);

    NdisDprAcquireSpinLock(&adapter->Lock);

    if (adapter->State != HvnAdapterRunning) {
        NdisDprReleaseSpinLock(&adapter->Lock);
        return;
    }

    while (!IsListEmpty(&adapter->PendingRcbList)) {

        rcb = CONTAINING_RECORD(RemoveHeadList(&adapter->PendingRcbList), HVN_RCB, Link);

        NET_BUFFER_LIST_NEXT_NBL(rcb->Nbl) = NULL;
        NET_BUFFER_LIST_STATUS(rcb->Nbl) = NDIS_STATUS_SUCCESS;

        if (head == NULL) {
            head = rcb->Nbl;
        } else {
            NET_BUFFER_LIST_NEXT_NBL(tail) = rcb->Nbl;
        }
        tail = rcb->Nbl;

        adapter->FramesReceived++;
        adapter->BytesReceived += NET_BUFFER_DATA_LENGTH(NET_BUFFER_LIST_FIRST_NB(rcb->Nbl));
        count++;
    }

    if (count != 0) {
        if (InterlockedExchangeAdd(&adapter->RcbsIndicated, (LONG)count) == 0) {
            NdisResetEvent(&adapter->RecvIdleEvent);
        }
    }

    NdisDprReleaseSpinLock(&adapter->Lock);

    if (head != NULL) {
        NdisMIndicateReceiveNetBufferLists(adapter->AdapterHandle,
                                           head,
                                           NDIS_DEFAULT_PORT_NUMBER,
                                           count,
                                           NDIS_RECEIVE_FLAGS_DISPATCH_LEVEL);
    }
}


_Use_decl_annotations_
VOID
HvnReturnNetBufferLists(
    NDIS_HANDLE MiniportAdapterContext,
    PNET_BUFFER_LIST NetBufferLists,
    ULONG ReturnFlags
    )
{
    PHVN_ADAPTER adapter = (PHVN_ADAPTER)MiniportAdapterContext;
    BOOLEAN dispatchLevel = NDIS_TEST_RETURN_AT_DISPATCH_LEVEL(ReturnFlags);
    PNET_BUFFER_LIST nbl;
    PNET_BUFFER_LIST next;
    PHVN_RCB rcb;
    LONG returned = 0;

    if (dispatchLevel) {
        NdisDprAcquireSpinLock(&adapter->Lock);
    } else {
        NdisAcquireSpinLock(&adapter->Lock);
    }

    for (nbl = NetBufferLists; nbl != NULL; nbl = next) {
        next = NET_BUFFER_LIST_NEXT_NBL(nbl);
        NET_BUFFER_LIST_NEXT_NBL(nbl) = NULL;

        rcb = HVN_RCB_FROM_NBL(nbl);
        NET_BUFFER_DATA_LENGTH(NET_BUFFER_LIST_FIRST_NB(nbl)) = HVN_MAX_FRAME_SIZE;
        InsertTailList(&adapter->FreeRcbList, &rcb->Link);
        returned++;
    }

    if (InterlockedExchangeAdd(&adapter->RcbsIndicated, -returned) == returned) {
        NdisSetEvent(&adapter->RecvIdleEvent);
    }

    if (dispatchLevel) {
        NdisDprReleaseSpinLock(&adapter->Lock);
    } else {
        NdisReleaseSpinLock(&adapter->Lock);
    }
}


_Use_decl_annotations_
VOID
HvnCancelSend(
    NDIS_HANDLE MiniportAdapterContext,
    PVOID CancelId
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);

    //
    // Sends complete synchronously; nothing is ever queued to cancel.
    //
}
