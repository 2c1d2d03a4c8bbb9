/*
 * adapter.c - per-adapter handlers of the LoopNIC miniport.  Frames sent
 * to the adapter are looped straight back as receives.
 *
 * Copyright (c) 2021 Northfold Networks.  All rights reserved.
 */
#include "loopnic.h"

static const UCHAR LnDefaultMac[6] = { 0x02, 0x4E, 0x46, 0x00, 0x00, 0x01 };

NDIS_STATUS
LnInitializeEx(
    _In_ NDIS_HANDLE MiniportAdapterHandle,
    _In_ NDIS_HANDLE MiniportDriverContext,
    _In_ PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters
    )
{
    NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES regAttrs;
    NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES genAttrs;
    PLN_ADAPTER adapter;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    adapter = ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(LN_ADAPTER), LN_TAG);
    if (adapter == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    adapter->MiniportAdapterHandle = MiniportAdapterHandle;
    NdisAllocateSpinLock(&adapter->Lock);
    NdisMoveMemory(adapter->PermanentAddress, LnDefaultMac, sizeof(LnDefaultMac));
    NdisMoveMemory(adapter->CurrentAddress, LnDefaultMac, sizeof(LnDefaultMac));
    adapter->CurrentAddress[5] = (UCHAR)(g_Ln->AdapterCount + 1);

    NdisZeroMemory(&regAttrs, sizeof(regAttrs));
    regAttrs.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES;
    regAttrs.Header.Revision = NDIS_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    regAttrs.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_REGISTRATION_ATTRIBUTES_REVISION_2;
    regAttrs.MiniportAdapterContext = adapter;
    regAttrs.AttributeFlags = NDIS_MINIPORT_ATTRIBUTES_NO_HALT_ON_SUSPEND;
    regAttrs.InterfaceType = NdisInterfaceInternal;

    status = NdisMSetMiniportAttributes(MiniportAdapterHandle,
                                        (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&regAttrs);
    if (status != NDIS_STATUS_SUCCESS) {
        goto Fail;
    }

    NdisZeroMemory(&genAttrs, sizeof(genAttrs));
    genAttrs.Header.Type = NDIS_OBJECT_TYPE_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES;
    genAttrs.Header.Revision = NDIS_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    genAttrs.Header.Size = NDIS_SIZEOF_MINIPORT_ADAPTER_GENERAL_ATTRIBUTES_REVISION_2;
    genAttrs.MediaType = NdisMedium802_3;
    genAttrs.PhysicalMediumType = NdisPhysicalMediumUnspecified;
    genAttrs.MtuSize = g_Ln->JumboEnabled ? 9000 : g_Ln->DefaultMtu;
    genAttrs.MaxXmitLinkSpeed = LN_LINK_SPEED;
    genAttrs.MaxRcvLinkSpeed = LN_LINK_SPEED;
    genAttrs.XmitLinkSpeed = LN_LINK_SPEED;
    genAttrs.RcvLinkSpeed = LN_LINK_SPEED;
    genAttrs.MediaConnectState = MediaConnectStateConnected;
    genAttrs.MediaDuplexState = MediaDuplexStateFull;
    genAttrs.LookaheadSize = LN_MAX_FRAME_SIZE;
    genAttrs.MacAddressLength = 6;
    NdisMoveMemory(genAttrs.PermanentMacAddress, adapter->PermanentAddress, 6);
    NdisMoveMemory(genAttrs.CurrentMacAddress, adapter->CurrentAddress, 6);
    genAttrs.AccessType = NET_IF_ACCESS_BROADCAST;
    genAttrs.DirectionType = NET_IF_DIRECTION_SENDRECEIVE;
    genAttrs.ConnectionType = NET_IF_CONNECTION_DEDICATED;
    genAttrs.IfType = IF_TYPE_ETHERNET_CSMACD;
    genAttrs.IfConnectorPresent = FALSE;

    status = NdisMSetMiniportAttributes(MiniportAdapterHandle,
                                        (PNDIS_MINIPORT_ADAPTER_ATTRIBUTES)&genAttrs);
    if (status != NDIS_STATUS_SUCCESS) {
        goto Fail;
    }

    NdisAcquireSpinLock(&g_Ln->AdapterListLock);
    InsertTailList(&g_Ln->AdapterList, &adapter->Link);
    g_Ln->AdapterCount++;
    NdisReleaseSpinLock(&g_Ln->AdapterListLock);
    return NDIS_STATUS_SUCCESS;

Fail:
    NdisFreeSpinLock(&adapter->Lock);
    ExFreePoolWithTag(adapter, LN_TAG);
    return status;
}

VOID
LnHaltEx(
    _In_ NDIS_HANDLE MiniportAdapterContext,
    _In_ NDIS_HALT_ACTION HaltAction
    )
{
    PLN_ADAPTER adapter = (PLN_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(HaltAction);

    NdisAcquireSpinLock(&g_Ln->AdapterListLock);
    RemoveEntryList(&adapter->Link);
    g_Ln->AdapterCount--;
    NdisReleaseSpinLock(&g_Ln->AdapterListLock);

    NdisFreeSpinLock(&adapter->Lock);
    ExFreePoolWithTag(adapter, LN_TAG);
}

NDIS_STATUS LnPause(_In_ NDIS_HANDLE Ctx, _In_ PNDIS_MINIPORT_PAUSE_PARAMETERS Params)
{
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(Params);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS LnRestart(_In_ NDIS_HANDLE Ctx, _In_ PNDIS_MINIPORT_RESTART_PARAMETERS Params)
{
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(Params);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS LnOidRequest(_In_ NDIS_HANDLE Ctx, _In_ PNDIS_OID_REQUEST Request)
{
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(Request);
    return NDIS_STATUS_NOT_SUPPORTED;
}

VOID LnCancelOidRequest(_In_ NDIS_HANDLE Ctx, _In_ PVOID RequestId)
{
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(RequestId);
}

VOID LnSendNetBufferLists(_In_ NDIS_HANDLE Ctx, _In_ PNET_BUFFER_LIST Nbl,
                          _In_ NDIS_PORT_NUMBER Port, _In_ ULONG Flags)
{
    PLN_ADAPTER adapter = (PLN_ADAPTER)Ctx;
    PNET_BUFFER_LIST cur;

    UNREFERENCED_PARAMETER(Port);

    for (cur = Nbl; cur != NULL; cur = NET_BUFFER_LIST_NEXT_NBL(cur)) {
        NET_BUFFER_LIST_STATUS(cur) = NDIS_STATUS_SUCCESS;
        adapter->FramesTx++;
    }
    NdisMSendNetBufferListsComplete(adapter->MiniportAdapterHandle, Nbl,
        NDIS_TEST_SEND_AT_DISPATCH_LEVEL(Flags) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

VOID LnReturnNetBufferLists(_In_ NDIS_HANDLE Ctx, _In_ PNET_BUFFER_LIST Nbl, _In_ ULONG Flags)
{
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(Nbl);
    UNREFERENCED_PARAMETER(Flags);
}

VOID LnCancelSend(_In_ NDIS_HANDLE Ctx, _In_ PVOID CancelId)
{
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(CancelId);
}

BOOLEAN LnCheckForHang(_In_ NDIS_HANDLE Ctx)
{
    UNREFERENCED_PARAMETER(Ctx);
    return FALSE;
}

NDIS_STATUS LnReset(_In_ NDIS_HANDLE Ctx, _Out_ PBOOLEAN AddressingReset)
{
    UNREFERENCED_PARAMETER(Ctx);
    *AddressingReset = FALSE;
    return NDIS_STATUS_SUCCESS;
}

VOID LnDevicePnpEvent(_In_ NDIS_HANDLE Ctx, _In_ PNET_DEVICE_PNP_EVENT Event)
{
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(Event);
}

VOID LnShutdownEx(_In_ NDIS_HANDLE Ctx, _In_ NDIS_SHUTDOWN_ACTION Action)
{
    UNREFERENCED_PARAMETER(Ctx);
    UNREFERENCED_PARAMETER(Action);
}
