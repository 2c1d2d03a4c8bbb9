/*
 * filter.c - FilterXxx handlers of LwfCapture.
 */
#include "lwfcap.h"

_Use_decl_annotations_
NDIS_STATUS
LcSetOptions(NDIS_HANDLE NdisDriverHandle, NDIS_HANDLE DriverContext)
{
    UNREFERENCED_PARAMETER(NdisDriverHandle);
    UNREFERENCED_PARAMETER(DriverContext);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
LcAttach(
    NDIS_HANDLE NdisFilterHandle,
    NDIS_HANDLE FilterDriverContext,
    PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    PLC_FILTER_MODULE               module;
    NDIS_FILTER_ATTRIBUTES          attributes;
    NDIS_STATUS                     status;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    if (AttachParameters->MiniportMediaType != NdisMedium802_3) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    module = (PLC_FILTER_MODULE)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(LC_FILTER_MODULE), LC_TAG);
    if (module == NULL) {
        return NDIS_STATUS_RESOURCES;
    }

    module->FilterHandle = NdisFilterHandle;
    module->MiniportIfIndex = AttachParameters->BaseMiniportIfIndex;
    module->State = LcStateAttaching;
    NdisAllocateSpinLock(&module->Lock);

    NdisZeroMemory(&attributes, sizeof(attributes));
    attributes.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attributes.Header.Size = sizeof(NDIS_FILTER_ATTRIBUTES);
    attributes.Header.Type = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attributes.Flags = 0;

    status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)module, &attributes);
    if (status != NDIS_STATUS_SUCCESS) {
        NdisFreeSpinLock(&module->Lock);
        ExFreePoolWithTag(module, LC_TAG);
        return status;
    }

    module->State = LcStatePaused;

    NdisAcquireSpinLock(&g_Lc.FilterListLock);
    InsertTailList(&g_Lc.FilterModuleList, &module->Link);
    g_Lc.ModuleCount++;
    NdisReleaseSpinLock(&g_Lc.FilterListLock);

    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
LcDetach(NDIS_HANDLE FilterModuleContext)
{
    PLC_FILTER_MODULE module = (PLC_FILTER_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&g_Lc.FilterListLock);
    RemoveEntryList(&module->Link);
    g_Lc.ModuleCount--;
    NdisReleaseSpinLock(&g_Lc.FilterListLock);

    NdisFreeSpinLock(&module->Lock);
    ExFreePoolWithTag(module, LC_TAG);
}

_Use_decl_annotations_
NDIS_STATUS
LcRestart(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    PLC_FILTER_MODULE module = (PLC_FILTER_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(RestartParameters);

    module->State = LcStateRunning;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS
LcPause(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    PLC_FILTER_MODULE module = (PLC_FILTER_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(PauseParameters);

    /* Nothing is queued in the filter, so pausing completes at once. */
    module->State = LcStatePaused;
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
LcSendNetBufferLists(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG SendFlags
    )
{
    PLC_FILTER_MODULE module = (PLC_FILTER_MODULE)FilterModuleContext;

    NdisFSendNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

_Use_decl_annotations_
VOID
LcSendNetBufferListsComplete(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    ULONG SendCompleteFlags
    )
{
    PLC_FILTER_MODULE module = (PLC_FILTER_MODULE)FilterModuleContext;

    NdisFSendNetBufferListsComplete(module->FilterHandle, NetBufferLists, SendCompleteFlags);
}

_Use_decl_annotations_
VOID
LcReceiveNetBufferLists(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    NDIS_PORT_NUMBER PortNumber,
    ULONG NumberOfNetBufferLists,
    ULONG ReceiveFlags
    )
{
    PLC_FILTER_MODULE   module = (PLC_FILTER_MODULE)FilterModuleContext;
    PNET_BUFFER_LIST    nbl;
    PNET_BUFFER         nb;
    BOOLEAN             dispatch = NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags);
    KIRQL               oldIrql = PASSIVE_LEVEL;

    if (!dispatch) {
        KeRaiseIrql(DISPATCH_LEVEL, &oldIrql);
    }

    if (module->State == LcStateRunning) {
        for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
            for (nb = NET_BUFFER_LIST_FIRST_NB(nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
                LcRingAdd(module, nb);
                module->FramesSeen++;
            }
        }
    }

    if (!dispatch) {
        KeLowerIrql(oldIrql);
    }

    NdisFIndicateReceiveNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}

_Use_decl_annotations_
VOID
LcReturnNetBufferLists(
    NDIS_HANDLE FilterModuleContext,
    PNET_BUFFER_LIST NetBufferLists,
    ULONG ReturnFlags
    )
{
    PLC_FILTER_MODULE module = (PLC_FILTER_MODULE)FilterModuleContext;

    NdisFReturnNetBufferLists(module->FilterHandle, NetBufferLists, ReturnFlags);
}
