/*++

Copyright (c) Proseware Virtualization.  All rights reserved.

Module Name:

    adapter.c

Abstract:

    Adapter lifetime: MiniportInitializeEx / MiniportHaltEx and the
    pause, restart, reset, shutdown and PnP notification handlers.

Environment:

    Kernel mode, NDIS 6.20+.

--*/

#include "hvnic.h"

static
NDIS_STATUS
HvnSetRegistrationAttributes(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ PHVN_ADAPTER Adapter
    );

static
NDIS_STATUS
HvnSetGeneralAttributes(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ PHVN_ADAPTER Adapter
    );

static
VOID
HvnFreeAdapter(
    _In_ PHVN_ADAPTER Adapter
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, HvnInitializeEx)
#pragma alloc_text(PAGE, HvnHaltEx)
#pragma alloc_text(PAGE, HvnPause)
#pragma alloc_text(PAGE, HvnRestart)
#pragma alloc_text(PAGE, HvnSetRegistrationAttributes)
#pragma alloc_text(PAGE, HvnSetGeneralAttributes)
#pragma alloc_text(PAGE, HvnFreeAdapter)
#endif


static
NDIS_STATUS
HvnSetRegistrationAttributes(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ PHVN_ADAPTER Adapter
    )
{
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES attributes;

    PAGED_CODE();

    NdisZeroMemory(&attributes, sizeof(attributes));

    attributes.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    attributes.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    attributes.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;

    attributes.MiniportAdapterContext = Adapter;
    attributes.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_NDIS_WDM |
                                NDIS_MINIPORT_ATTRIBUTES_SURPRISE_REMOVE_OK |
                                NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;
    attributes.CheckForHangTimeInSeconds = 4;
    attributes.InterfaceType = NdisInterfaceInternal;

    return NdisMSetMiniportAttributes(MiniportAdapterHandle,
                                      (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&attributes);
}


static
NDIS_STATUS
HvnSetGeneralAttributes(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ PHVN_ADAPTER Adapter
    )
{
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES attributes;

    PAGED_CODE();

    NdisZeroMemory(&attributes, sizeof(attributes));

    attributes.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    attributes.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    attributes.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;

    attributes.MediaType = NdisMedium802_3;
    attributes.PhysicalMediumType = NdisPhysicalMediumUnspecified;
    attributes.MtuSize = HVN_MTU;
    attributes.MaxXmitLinkSpeed = HVN_LINK_SPEED;
    attributes.XmitLinkSpeed = HVN_LINK_SPEED;
    attributes.MaxRcvLinkSpeed = HVN_LINK_SPEED;
    attributes.RcvLinkSpeed = HVN_LINK_SPEED;
    attributes.MediaConnectState = MediaConnectStateConnected;
    attributes.MediaDuplexState = MediaDuplexStateFull;
    attributes.LookaheadSize = HVN_MAX_FRAME_SIZE;
    attributes.PowerManagementCapabilities = NULL;
    attributes.MacOptions = NDIS_MAC_OPTION_COPY_LOOKAHEAD_DATA |
                            NDIS_MAC_OPTION_TRANSFERS_NOT_PEND |
                            NDIS_MAC_OPTION_NO_LOOPBACK;
    attributes.SupportedPacketFilters = HVN_SUPPORTED_FILTERS;
    attributes.MaxMulticastListSize = HVN_MAX_MULTICAST;
    attributes.MacAddressLength = HVN_MAC_ADDRESS_LENGTH;

    NdisMoveMemory(attributes.PermanentMacAddress, Adapter->PermanentAddress, HVN_MAC_ADDRESS_LENGTH);
    NdisMoveMemory(attributes.CurrentMacAddress, Adapter->CurrentAddress, HVN_MAC_ADDRESS_LENGTH);

    attributes.RecvScaleCapabilities = NULL;
    attributes.AccessType = NET_IF_ACCESS_BROADCAST;
    attributes.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
    attributes.ConnectionType = NET_IF_CONNECTION_DEDICATED;
    attributes.IfType = IF_TYPE_ETHERNET_CSMACD;
    attributes.IfConnectorPresent = FALSE;
    attributes.SupportedStatistics = NDIS_STATISTICS_XMIT_OK_SUPPORTED |
                                     NDIS_STATISTICS_RCV_OK_SUPPORTED |
                                     NDIS_STATISTICS_BYTES_XMIT_SUPPORTED |
                                     NDIS_STATISTICS_BYTES_RCV_SUPPORTED |
                                     NDIS_STATISTICS_RCV_NO_BUFFER_SUPPORTED |
                                     NDIS_STATISTICS_XMIT_DISCARDS_SUPPORTED;
    attributes.SupportedPauseFunctions = NdisPauseFunctionsUnsupported;
    attributes.AutoNegotiationFlags = NDIS_LINK_STATE_DUPLEX_AUTO_NEGOTIATED;
    attributes.SupportedOidList = HvnSupportedOids;
    attributes.SupportedOidListLength = HvnSupportedOidsLength;

    return NdisMSetMiniportAttributes(MiniportAdapterHandle,
                                      (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&attributes);
}


static
VOID
HvnFreeAdapter(
    _In_ PHVN_ADAPTER Adapter
    )
{
    PAGED_CODE();

    HvnFreeReceiveResources(Adapter);
    HvnFreeAdapterIndex(Adapter->Index);
    NdisFreeSpinLock(&Adapter->Lock);
    NdisFreeMemory(Adapter, 0, 0);
}


_Use_decl_annotations_
NDIS_STATUS
HvnInitializeEx(
    NDIS_HANDLE MiniportAdapterHandle,
    NDIS_HANDLE MiniportDriverContext,
    PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters
    )
{
    PHVN_ADAPTER adapter;
    NDIS_STATUS status;
    ULONG index;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    if (!HvnAllocateAdapterIndex(&index)) {
        return NDIS_STATUS_RESOURCES;
    }

    adapter = (PHVN_ADAPTER)NdisAllocateMemoryWithTagPriority(MiniportAdapterHandle,
                                                              sizeof(HVN_ADAPTER),
                                                              HVN_TAG,
                                                              NormalPoolPriority);
    if (adapter == NULL) {
        HvnFreeAdapterIndex(index);
        return NDIS_STATUS_RESOURCES;
    }

    NdisZeroMemory(adapter, sizeof(*adapter));
    adapter->AdapterHandle = MiniportAdapterHandle;
    adapter->Index = index;
    adapter->State = HvnAdapterInitializing;
    adapter->LookAhead = HVN_MAX_FRAME_SIZE;
    NdisAllocateSpinLock(&adapter->Lock);
    InitializeListHead(&adapter->FreeRcbList);
    InitializeListHead(&adapter->PendingRcbList);
    NdisInitializeEvent(&adapter->RecvIdleEvent);
    NdisSetEvent(&adapter->RecvIdleEvent);

    //
    // Locally administered unicast address: 02-50-57-00-00-<index>.
    //
    adapter->PermanentAddress[0] = 0x02;
    adapter->PermanentAddress[1] = 0x50;
    adapter->PermanentAddress[2] = 0x57;
    adapter->PermanentAddress[3] = 0x00;
    adapter->PermanentAddress[4] = (UCHAR)(index >> 8);
    adapter->PermanentAddress[5] = (UCHAR)(index & 0xFF);
    NdisMoveMemory(adapter->CurrentAddress, adapter->PermanentAddress, HVN_MAC_ADDRESS_LENGTH);

    do {
        status = HvnSetRegistrationAttributes(MiniportAdapterHandle, adapter);
        if (status != NDIS_STATUS_SUCCESS) {
            break;
        }

        status = HvnSetGeneralAttributes(MiniportAdapterHandle, adapter);
        if (status != NDIS_STATUS_SUCCESS) {
            break;
        }

        status = HvnAllocateReceiveResources(adapter);
        if (status != NDIS_STATUS_SUCCESS) {
            break;
        }
    } while (FALSE);

    if (status != NDIS_STATUS_SUCCESS) {
        HVN_ERR("initialize adapter %lu failed 0x%08X", index, status);
        HvnFreeAdapter(adapter);
        return status;
    }

    NdisAcquireSpinLock(&g_Hvn.AdapterListLock);
    InsertTailList(&g_Hvn.AdapterList, &adapter->Link);
    NdisReleaseSpinLock(&g_Hvn.AdapterListLock);

    adapter->State = HvnAdapterPaused;

    HVN_LOG("adapter %lu initialized", index);
    return NDIS_STATUS_SUCCESS;
}


_Use_decl_annotations_
VOID
HvnHaltEx(
    NDIS_HANDLE MiniportAdapterContext,
    NDIS_HALT_ACTION HaltAction
    )
{
    PHVN_ADAPTER adapter = (PHVN_ADAPTER)MiniportAdapterContext;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(HaltAction);

    NT_ASSERT(adapter->State == HvnAdapterPaused);

    adapter->State = HvnAdapterHalted;

    NdisAcquireSpinLock(&g_Hvn.AdapterListLock);
    RemoveEntryList(&adapter->Link);
    NdisReleaseSpinLock(&g_Hvn.AdapterListLock);

    HVN_LOG("adapter %lu halted", adapter->Index);

    HvnFreeAdapter(adapter);
}


_Use_decl_annotations_
NDIS_STATUS
HvnPause(
    NDIS_HANDLE MiniportAdapterContext,
    PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters
    )
/*++

Routine Description:

    Stops new indications, drops frames not yet indicated and waits for
    the stack to return those already indicated.

--*/
{
    PHVN_ADAPTER adapter = (PHVN_ADAPTER)MiniportAdapterContext;
    PLIST_ENTRY entry;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(PauseParameters);

    NdisAcquireSpinLock(&adapter->Lock);

    adapter->State = HvnAdapterPausing;

    while (!IsListEmpty(&adapter->PendingRcbList)) {
        entry = RemoveHeadList(&adapter->PendingRcbList);
        InsertTailList(&adapter->FreeRcbList, entry);
    }

    NdisReleaseSpinLock(&adapter->Lock);

    (VOID)NdisCancelTimerObject(adapter->RecvTimer);

    (VOID)NdisWaitEvent(&adapter->RecvIdleEvent, 0);

    NdisAcquireSpinLock(&adapter->Lock);
    adapter->State = HvnAdapterPaused;
    NdisReleaseSpinLock(&adapter->Lock);

    return NDIS_STATUS_SUCCESS;
}


_Use_decl_annotations_
NDIS_STATUS
HvnRestart(
    NDIS_HANDLE MiniportAdapterContext,
    PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters
    )
{
    PHVN_ADAPTER adapter = (PHVN_ADAPTER)MiniportAdapterContext;

    PAGED_CODE();

    UNREFERENCED_PARAMETER(RestartParameters);

    NdisAcquireSpinLock(&adapter->Lock);
    adapter->State = HvnAdapterRunning;
    NdisReleaseSpinLock(&adapter->Lock);

    return NDIS_STATUS_SUCCESS;
}


_Use_decl_annotations_
VOID
HvnShutdownEx(
    NDIS_HANDLE MiniportAdapterContext,
    NDIS_SHUTDOWN_ACTION ShutdownAction
    )
{
    PHVN_ADAPTER adapter = (PHVN_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(ShutdownAction);

    //
    // No hardware to quiesce; just stop the receive timer.  May run at
    // high IRQL on a bugcheck path, so no locks here.
    //
    if (ShutdownAction == NdisShutdownPowerOff) {
        (VOID)NdisCancelTimerObject(adapter->RecvTimer);
    }
}


_Use_decl_annotations_
VOID
HvnDevicePnpEventNotify(
    NDIS_HANDLE MiniportAdapterContext,
    PNET_DEVICE_PNP_EVENT NetDevicePnPEvent
    )
{
    PHVN_ADAPTER adapter = (PHVN_ADAPTER)MiniportAdapterContext;

    switch (NetDevicePnPEvent->DevicePnPEvent) {

    case NdisDevicePnPEventSurpriseRemoved:
        HVN_LOG("adapter %lu surprise removed", adapter->Index);
        break;

    case NdisDevicePnPEventPowerProfileChanged:
        HVN_LOG("adapter %lu power profile changed", adapter->Index);
        break;

    default:
        break;
    }
}


_Use_decl_annotations_
BOOLEAN
HvnCheckForHangEx(
    NDIS_HANDLE MiniportAdapterContext
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);

    return FALSE;
}


_Use_decl_annotations_
NDIS_STATUS
HvnResetEx(
    NDIS_HANDLE MiniportAdapterContext,
    PBOOLEAN AddressingReset
    )
{
    PHVN_ADAPTER adapter = (PHVN_ADAPTER)MiniportAdapterContext;

    *AddressingReset = FALSE;

    NdisAcquireSpinLock(&adapter->Lock);
    adapter->TransmitDiscards = 0;
    adapter->ReceiveNoBuffer = 0;
    NdisReleaseSpinLock(&adapter->Lock);

    return NDIS_STATUS_SUCCESS;
}
