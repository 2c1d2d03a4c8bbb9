/*
 * adapter.c - per-adapter NDIS callbacks for vswnic, in the version whose
 * MiniportInitializeEx never gives NDIS its adapter context.
 *
 * BUG (NDIS007): VswInitializeEx returns success without calling
 * NdisMSetMiniportAttributes: NDIS has no adapter context to pass to the
 * other handlers, and no registration attributes.
 */

#include "../../vswnic/vswnic.h"

_Use_decl_annotations_
NDIS_STATUS
VswInitializeEx(
    NDIS_HANDLE NdisMiniportHandle,
    NDIS_HANDLE MiniportDriverContext,
    PNDIS_MINIPORT_INIT_PARAMETERS MiniportInitParameters
    )
{
    PVSWNIC_ADAPTER adapter;
    UNREFERENCED_PARAMETER(MiniportDriverContext);
    UNREFERENCED_PARAMETER(MiniportInitParameters);

    adapter = (PVSWNIC_ADAPTER)NdisAllocateMemoryWithTagPriority(
        NdisMiniportHandle, sizeof(VSWNIC_ADAPTER), VSWNIC_TAG, NormalPoolPriority);
    if (adapter == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(adapter, sizeof(*adapter));
    adapter->MiniportHandle = NdisMiniportHandle;
    adapter->Paused = TRUE;

    /* General attributes (medium, MTU, link state, OID list) follow in the
       full driver; they are omitted from this excerpt. */

    NdisAcquireSpinLock(&VswGlobals.AdapterListLock);
    InsertTailList(&VswGlobals.AdapterList, &adapter->Link);
    NdisReleaseSpinLock(&VswGlobals.AdapterListLock);

    return NDIS_STATUS_SUCCESS; // expect: NDIS007
}

_Use_decl_annotations_
VOID
VswHaltEx(
    NDIS_HANDLE MiniportAdapterContext,
    NDIS_HALT_ACTION HaltAction
    )
{
    PVSWNIC_ADAPTER adapter = (PVSWNIC_ADAPTER)MiniportAdapterContext;

    UNREFERENCED_PARAMETER(HaltAction);

    NdisAcquireSpinLock(&VswGlobals.AdapterListLock);
    RemoveEntryList(&adapter->Link);
    NdisReleaseSpinLock(&VswGlobals.AdapterListLock);

    NdisFreeMemoryWithTagPriority(adapter->MiniportHandle, adapter, VSWNIC_TAG);
}

_Use_decl_annotations_
NDIS_STATUS
VswPause(
    NDIS_HANDLE MiniportAdapterContext,
    PNDIS_MINIPORT_PAUSE_PARAMETERS PauseParameters
    )
{
    UNREFERENCED_PARAMETER(PauseParameters);
    ((PVSWNIC_ADAPTER)MiniportAdapterContext)->Paused = TRUE;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
VswRestart(
    NDIS_HANDLE MiniportAdapterContext,
    PNDIS_MINIPORT_RESTART_PARAMETERS RestartParameters
    )
{
    UNREFERENCED_PARAMETER(RestartParameters);
    ((PVSWNIC_ADAPTER)MiniportAdapterContext)->Paused = FALSE;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
VswOidRequest(
    NDIS_HANDLE MiniportAdapterContext,
    PNDIS_OID_REQUEST NdisRequest
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NdisRequest);
    return NDIS_STATUS_NOT_SUPPORTED;
}

_Use_decl_annotations_
VOID
VswSendNetBufferLists(
    NDIS_HANDLE MiniportAdapterContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG SendFlags
    )
{
    PVSWNIC_ADAPTER adapter = (PVSWNIC_ADAPTER)MiniportAdapterContext;
    PNET_BUFFER_LIST nbl;
    NDIS_STATUS status = adapter->Paused ? NDIS_STATUS_PAUSED : NDIS_STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(PortNumber);

    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        NET_BUFFER_LIST_STATUS(nbl) = status;
        adapter->FramesSent++;
    }

    NdisMSendNetBufferListsComplete(adapter->MiniportHandle, NetBufferLists,
        NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags) ? NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL : 0);
}

_Use_decl_annotations_
VOID
VswReturnNetBufferLists(
    NDIS_HANDLE MiniportAdapterContext,
    PNET_BUFFER_LIST NetBufferLists,
    ULONG ReturnFlags
    )
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetBufferLists);
    UNREFERENCED_PARAMETER(ReturnFlags);
}

_Use_decl_annotations_
VOID
VswCancelSend(NDIS_HANDLE MiniportAdapterContext, PVOID CancelId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(CancelId);
}

_Use_decl_annotations_
VOID
VswDevicePnpEventNotify(NDIS_HANDLE MiniportAdapterContext, PNET_DEVICE_PNP_EVENT NetDevicePnPEvent)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(NetDevicePnPEvent);
}

_Use_decl_annotations_
VOID
VswShutdownEx(NDIS_HANDLE MiniportAdapterContext, NDIS_SHUTDOWN_ACTION ShutdownAction)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(ShutdownAction);
}

_Use_decl_annotations_
VOID
VswCancelOidRequest(NDIS_HANDLE MiniportAdapterContext, PVOID RequestId)
{
    UNREFERENCED_PARAMETER(MiniportAdapterContext);
    UNREFERENCED_PARAMETER(RequestId);
}
