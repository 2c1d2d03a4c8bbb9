/* SPDX-License-Identifier: GPL-2.0
 *
 * Copyright (C) wgtun contributors. All Rights Reserved.
 */

#include "tun.h"
#include "log.h"

#pragma warning(disable : 4200)

static LIST_ENTRY TunAdapterList = { &TunAdapterList, &TunAdapterList };
static KSPIN_LOCK TunAdapterListLock;
static volatile LONG TunAdapterCount;

static NDIS_OID SupportedOids[] = { OID_GEN_MAXIMUM_TOTAL_SIZE,
                                    OID_GEN_CURRENT_LOOKAHEAD,
                                    OID_GEN_TRANSMIT_BUFFER_SPACE,
                                    OID_GEN_RECEIVE_BUFFER_SPACE,
                                    OID_GEN_TRANSMIT_BLOCK_SIZE,
                                    OID_GEN_RECEIVE_BLOCK_SIZE,
                                    OID_GEN_VENDOR_DESCRIPTION,
                                    OID_GEN_VENDOR_ID,
                                    OID_GEN_VENDOR_DRIVER_VERSION,
                                    OID_GEN_XMIT_OK,
                                    OID_GEN_RCV_OK,
                                    OID_GEN_CURRENT_PACKET_FILTER,
                                    OID_GEN_STATISTICS,
                                    OID_GEN_INTERRUPT_MODERATION,
                                    OID_GEN_LINK_PARAMETERS,
                                    OID_PNP_SET_POWER,
                                    OID_PNP_QUERY_POWER };

_IRQL_requires_max_(DISPATCH_LEVEL)
static VOID
TunIndicateStatus(_In_ NDIS_HANDLE MiniportAdapterHandle, _In_ NDIS_MEDIA_CONNECT_STATE MediaConnectState)
{
    NDIS_LINK_STATE State = { .Header = { .Type = NDIS_OBJECT_TYPE_DEFAULT,
                                          .Revision = NDIS_LINK_STATE_REVISION_1,
                                          .Size = NDIS_SIZEOF_LINK_STATE_REVISION_1 },
                              .MediaConnectState = MediaConnectState,
                              .MediaDuplexState = MediaDuplexStateFull,
                              .XmitLinkSpeed = TUN_LINK_SPEED,
                              .RcvLinkSpeed = TUN_LINK_SPEED,
                              .PauseFunctions = NdisPauseFunctionsUnsupported };

    NDIS_STATUS_INDICATION Indication = { .Header = { .Type = NDIS_OBJECT_TYPE_STATUS_INDICATION,
                                                      .Revision = NDIS_STATUS_INDICATION_REVISION_1,
                                                      .Size = NDIS_SIZEOF_STATUS_INDICATION_REVISION_1 },
                                          .SourceHandle = MiniportAdapterHandle,
                                          .StatusCode = NDIS_STATUS_LINK_STATE,
                                          .StatusBuffer = &State,
                                          .StatusBufferSize = sizeof(State) };

    NdisMIndicateStatusEx(MiniportAdapterHandle, &Indication);
}

_Use_decl_annotations_
VOID
TunSetPowerState(BOOLEAN Powered)
{
    KLOCK_QUEUE_HANDLE LockHandle;
    KeAcquireInStackQueuedSpinLock(&TunAdapterListLock, &LockHandle);
    for (LIST_ENTRY *Entry = TunAdapterList.Flink; Entry != &TunAdapterList; Entry = Entry->Flink)
    {
        TUN_CTX *Ctx = CONTAINING_RECORD(Entry, TUN_CTX, Device.Entry);
        if (Powered)
            InterlockedOr(&Ctx->Flags, TUN_FLAGS_POWERED);
        else
            InterlockedAnd(&Ctx->Flags, ~TUN_FLAGS_POWERED);
    }
    KeReleaseInStackQueuedSpinLock(&LockHandle);
}

_Use_decl_annotations_
NDIS_STATUS
TunInitializeEx(NDIS_HANDLE MiniportAdapterHandle, NDIS_HANDLE MiniportDriverContext, PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters)
{
    NDIS_STATUS Status;

    if (!MiniportAdapterHandle)
        return NDIS_STATUS_FAILURE;

    if ((ULONG)InterlockedIncrement(&TunAdapterCount) > TunSettings.MaxAdapters)
    {
        InterlockedDecrement(&TunAdapterCount);
        return NDIS_STATUS_RESOURCES;
    }

#pragma warning(suppress : 6014)
    TUN_CTX *Ctx = TunAlloc(sizeof(*Ctx), TRUE);
    if (!Ctx)
    {
        Status = NDIS_STATUS_RESOURCES;
        goto cleanupCount;
    }

    Ctx->MiniportAdapterHandle = MiniportAdapterHandle;
    NdisMGetDeviceProperty(MiniportAdapterHandle, NULL, &Ctx->FunctionalDeviceObject, NULL, NULL, NULL);
    if (!Ctx->FunctionalDeviceObject)
    {
        Status = NDIS_STATUS_FAILURE;
        goto cleanupCtx;
    }

    /* Reverse engineering NDIS's own dispatch tables relies on the FDO's extension. */
    ASSERT(Ctx->FunctionalDeviceObject->Reserved == NULL);
    Ctx->FunctionalDeviceObject->Reserved = Ctx;

    Ctx->Statistics.Header.Type = NDIS_OBJECT_TYPE_DEFAULT;
    Ctx->Statistics.Header.Revision = NDIS_STATISTICS_INFO_REVISION_1;
    Ctx->Statistics.Header.Size = NDIS_SIZEOF_STATISTICS_INFO_REVISION_1;
    Ctx->Statistics.SupportedStatistics =
        NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_RCV | NDIS_STATISTICS_FLAGS_VALID_BYTES_RCV |
        NDIS_STATISTICS_FLAGS_VALID_DIRECTED_FRAMES_XMIT | NDIS_STATISTICS_FLAGS_VALID_BYTES_XMIT |
        NDIS_STATISTICS_FLAGS_VALID_RCV_DISCARDS | NDIS_STATISTICS_FLAGS_VALID_XMIT_DISCARDS;

    KeInitializeEvent(&Ctx->Device.Disconnected, NotificationEvent, TRUE);
    KeInitializeSpinLock(&Ctx->Device.Send.Lock);
    KeInitializeSpinLock(&Ctx->Device.Receive.Lock);
    IoInitializeRemoveLock(&Ctx->Device.Receive.ActiveNbls.Lock, TUN_MEMORY_TAG, 0, 0);
    Status = ExInitializeResourceLite(&Ctx->Device.RegistrationLock);
    if (!NT_SUCCESS(Status))
        goto cleanupReserved;

    NET_BUFFER_LIST_POOL_PARAMETERS NblPoolParameters = {
        .Header = { .Type = NDIS_OBJECT_TYPE_DEFAULT,
                    .Revision = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1,
                    .Size = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1 },
        .ProtocolId = NDIS_PROTOCOL_ID_DEFAULT,
        .fAllocateNetBuffer = TRUE,
        .PoolTag = TUN_MEMORY_TAG
    };
#pragma warning(suppress : 6014)
    Ctx->NblPool = NdisAllocateNetBufferListPool(MiniportAdapterHandle, &NblPoolParameters);
    if (!Ctx->NblPool)
    {
        Status = NDIS_STATUS_RESOURCES;
        goto cleanupRegistrationLock;
    }

    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES AdapterRegistrationAttributes = {
        .Header = { .Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES,
                    .Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2,
                    .Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2 },
        .AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND | NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK,
        .InterfaceType = NdisInterfaceInternal,
        .MiniportAdapterContext = Ctx
    };
    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&AdapterRegistrationAttributes);
    if (Status != NDIS_STATUS_SUCCESS)
        goto cleanupNblPool;

    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES AdapterGeneralAttributes = {
        .Header = { .Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES,
                    .Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2,
                    .Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2 },
        .MediaType = NdisMediumIP,
        .PhysicalMediumType = NdisPhysicalMediumUnspecified,
        .MtuSize = TUN_MAX_IP_PACKET_SIZE,
        .MaxXmitLinkSpeed = TUN_LINK_SPEED,
        .MaxRcvLinkSpeed = TUN_LINK_SPEED,
        .RcvLinkSpeed = TUN_LINK_SPEED,
        .XmitLinkSpeed = TUN_LINK_SPEED,
        .MediaConnectState = MediaConnectStateDisconnected,
        .LookaheadSize = TUN_MAX_IP_PACKET_SIZE,
        .MacOptions = NDIS_MAC_OPTION_TRANSFERS_NOT_PEND | NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA | NDIS_MAC_OPTION_NO_LOOPBACK,
        .SupportedPacketFilters = NDIS_PACKET_TYPE_DIRECTED | NDIS_PACKET_TYPE_ALL_MULTICAST |
                                  NDIS_PACKET_TYPE_BROADCAST | NDIS_PACKET_TYPE_ALL_LOCAL |
                                  NDIS_PACKET_TYPE_ALL_FUNCTIONAL,
        .AccessType = NET_IF_ACCESS_BROADCAST,
        .DirectionType = NET_IF_DIRECTION_SENDRECEIVE,
        .ConnectionType = NET_IF_CONNECTION_DEDICATED,
        .IfType = IF_TYPE_PROP_VIRTUAL,
        .IfConnectorPresent = FALSE,
        .SupportedStatistics = Ctx->Statistics.SupportedStatistics,
        .SupportedPauseFunctions = NdisPauseFunctionsUnsupported,
        .AutoNegotiationFlags = NDIS_LINK_STATE_XMIT_LINK_SPEED_AUTO_NEGOTIATED |
                                NDIS_LINK_STATE_RCV_LINK_SPEED_AUTO_NEGOTIATED |
                                NDIS_LINK_STATE_DUPLEX_AUTO_NEGOTIATED,
        .SupportedOidList = SupportedOids,
        .SupportedOidListLength = sizeof(SupportedOids)
    };
    Status = NdisMSetMiniportAttributes(MiniportAdapterHandle, (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&AdapterGeneralAttributes);
    if (Status != NDIS_STATUS_SUCCESS)
        goto cleanupNblPool;

    InterlockedOr(&Ctx->Flags, TUN_FLAGS_PRESENT | TUN_FLAGS_POWERED);

    KLOCK_QUEUE_HANDLE LockHandle;
    KeAcquireInStackQueuedSpinLock(&TunAdapterListLock, &LockHandle);
    InsertTailList(&TunAdapterList, &Ctx->Device.Entry);
    KeReleaseInStackQueuedSpinLock(&LockHandle);

    return NDIS_STATUS_SUCCESS;

cleanupNblPool:
    NdisFreeNetBufferListPool(Ctx->NblPool);
cleanupRegistrationLock:
    ExDeleteResourceLite(&Ctx->Device.RegistrationLock);
cleanupReserved:
    Ctx->FunctionalDeviceObject->Reserved = NULL;
cleanupCtx:
    TunFree(Ctx);
cleanupCount:
    InterlockedDecrement(&TunAdapterCount);
    return Status;
}

_Use_decl_annotations_
VOID
TunHaltEx(NDIS_HANDLE MiniportAdapterContext, NDIS_HALT_ACTION HaltAction)
{
    TUN_CTX *Ctx = (TUN_CTX *)MiniportAdapterContext;
    KLOCK_QUEUE_HANDLE LockHandle;

    InterlockedAnd(&Ctx->Flags, ~TUN_FLAGS_PRESENT);
    ExReleaseSpinLockExclusive(&Ctx->TransitionLock, ExAcquireSpinLockExclusive(&Ctx->TransitionLock));

    KeAcquireInStackQueuedSpinLock(&TunAdapterListLock, &LockHandle);
    RemoveEntryList(&Ctx->Device.Entry);
    KeReleaseInStackQueuedSpinLock(&LockHandle);

    TunForceHandlesClosed(Ctx->FunctionalDeviceObject);

    /* Wait for the ring owner to disappear before tearing down the pool. */
    KeWaitForSingleObject(&Ctx->Device.Disconnected, Executive, KernelMode, FALSE, NULL);

    ExAcquireResourceExclusiveLite(&TunDispatchCtxGuard, TRUE);
    Ctx->FunctionalDeviceObject->Reserved = NULL;
    ExReleaseResourceLite(&TunDispatchCtxGuard);

    NdisFreeNetBufferListPool(Ctx->NblPool);
    ExDeleteResourceLite(&Ctx->Device.RegistrationLock);
    TunFree(Ctx);
    InterlockedDecrement(&TunAdapterCount);
}

_Use_decl_annotations_
NDIS_STATUS
TunPause(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_PAUSE_PARAMETERS MiniportPauseParameters)
{
    TUN_CTX *Ctx = (TUN_CTX *)MiniportAdapterContext;

    InterlockedAnd(&Ctx->Flags, ~TUN_FLAGS_RUNNING);
    ExReleaseSpinLockExclusive(&Ctx->TransitionLock, ExAcquireSpinLockExclusive(&Ctx->TransitionLock));
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
TunRestart(NDIS_HANDLE MiniportAdapterContext, PNDIS_MINIPORT_RESTART_PARAMETERS MiniportRestartParameters)
{
    TUN_CTX *Ctx = (TUN_CTX *)MiniportAdapterContext;

    InterlockedOr(&Ctx->Flags, TUN_FLAGS_RUNNING);
    TunIndicateStatus(Ctx->MiniportAdapterHandle,
                      Ctx->Device.Owner ? MediaConnectStateConnected : MediaConnectStateDisconnected);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
TunSendNetBufferLists(NDIS_HANDLE MiniportAdapterContext, NET_BUFFER_LIST *NetBufferLists, NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    TUN_CTX *Ctx = (TUN_CTX *)MiniportAdapterContext;
    KIRQL Irql = ExAcquireSpinLockShared(&Ctx->TransitionLock);
    LONG Flags = InterlockedGet(&Ctx->Flags);

    if ((Flags & (TUN_FLAGS_PRESENT | TUN_FLAGS_RUNNING | TUN_FLAGS_POWERED)) !=
            (TUN_FLAGS_PRESENT | TUN_FLAGS_RUNNING | TUN_FLAGS_POWERED) ||
        !Ctx->Device.Owner)
    {
        for (NET_BUFFER_LIST *Nbl = NetBufferLists; Nbl; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl))
            NET_BUFFER_LIST_STATUS(Nbl) = NDIS_STATUS_PAUSED;
        NdisMSendNetBufferListsComplete(Ctx->MiniportAdapterHandle, NetBufferLists, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
        goto cleanup;
    }

    TunProcessSend(Ctx, NetBufferLists);

cleanup:
    ExReleaseSpinLockShared(&Ctx->TransitionLock, Irql);
}

_Use_decl_annotations_
VOID
TunCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
}

_Use_decl_annotations_
VOID
TunReturnNetBufferLists(NDIS_HANDLE MiniportAdapterContext, PNET_BUFFER_LIST NetBufferLists, ULONG ReturnFlags)
{
    TUN_CTX *Ctx = (TUN_CTX *)MiniportAdapterContext;

    for (NET_BUFFER_LIST *Nbl = NetBufferLists, *NextNbl; Nbl; Nbl = NextNbl)
    {
        NextNbl = NET_BUFFER_LIST_NEXT_NBL(Nbl);
        NET_BUFFER_LIST_NEXT_NBL(Nbl) = NULL;
        NdisFreeNetBufferList(Nbl);
        IoReleaseRemoveLock(&Ctx->Device.Receive.ActiveNbls.Lock, Nbl);
    }
}

_Use_decl_annotations_
NDIS_STATUS
TunOidRequest(NDIS_HANDLE MiniportAdapterContext, PNDIS_OID_REQUEST OidRequest)
{
    TUN_CTX *Ctx = (TUN_CTX *)MiniportAdapterContext;

    switch (OidRequest->RequestType)
    {
    case NdisRequestQueryInformation:
    case NdisRequestQueryStatistics:
        if (OidRequest->DATA.QUERY_INFORMATION.Oid == OID_GEN_STATISTICS)
        {
            if (OidRequest->DATA.QUERY_INFORMATION.InformationBufferLength < sizeof(Ctx->Statistics))
            {
                OidRequest->DATA.QUERY_INFORMATION.BytesNeeded = sizeof(Ctx->Statistics);
                return NDIS_STATUS_BUFFER_TOO_SHORT;
            }
            NdisMoveMemory(OidRequest->DATA.QUERY_INFORMATION.InformationBuffer, &Ctx->Statistics, sizeof(Ctx->Statistics));
            OidRequest->DATA.QUERY_INFORMATION.BytesWritten = sizeof(Ctx->Statistics);
            return NDIS_STATUS_SUCCESS;
        }
        return NDIS_STATUS_NOT_SUPPORTED;

    case NdisRequestSetInformation:
        switch (OidRequest->DATA.SET_INFORMATION.Oid)
        {
        case OID_GEN_CURRENT_PACKET_FILTER:
        case OID_GEN_CURRENT_LOOKAHEAD:
        case OID_GEN_LINK_PARAMETERS:
        case OID_PNP_SET_POWER:
            OidRequest->DATA.SET_INFORMATION.BytesRead = OidRequest->DATA.SET_INFORMATION.InformationBufferLength;
            return NDIS_STATUS_SUCCESS;
        }
        return NDIS_STATUS_NOT_SUPPORTED;
    }

    return NDIS_STATUS_INVALID_OID;
}

_Use_decl_annotations_
VOID
TunCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
}

_Use_decl_annotations_
VOID
TunDevicePnPEventNotify(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
}

_Use_decl_annotations_
VOID
TunShutdownEx(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
}
