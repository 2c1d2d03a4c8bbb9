/*
 * lwfmon - filter module callbacks
 */
#include "lwfmon.h"

static VOID
LwfCopyName(
    _Out_ PLWF_MODULE Module,
    _In_ PNDIS_STRING Src)
{
    USHORT cch = Src->Length / sizeof(WCHAR);
    if (cch >= RTL_NUMBER_OF(Module->Name)) {
        cch = RTL_NUMBER_OF(Module->Name) - 1;
    }
    NdisMoveMemory(Module->Name, Src->Buffer, cch * sizeof(WCHAR));
    Module->Name[cch] = L'\0';
}

NDIS_STATUS
LwfAttach(
    _In_ NDIS_HANDLE NdisFilterHandle,
    _In_ NDIS_HANDLE FilterDriverContext,
    _In_ PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    NDIS_STATUS status = NDIS_STATUS_SUCCESS;
    PLWF_MODULE module = NULL;
    NET_BUFFER_LIST_POOL_PARAMETERS poolParams;
    NDIS_FILTER_ATTRIBUTES attrs;

    if (FilterDriverContext != (NDIS_HANDLE)&g_Lwf) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    if (AttachParameters->MiniportMediaType != NdisMedium802_3 &&
        AttachParameters->MiniportMediaType != NdisMediumWirelessWan) {
        LOG("skipping media %d", AttachParameters->MiniportMediaType);
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    module = (PLWF_MODULE)NdisAllocateMemoryWithTagPriority(
        NdisFilterHandle, sizeof(LWF_MODULE), LWFMON_TAG, NormalPoolPriority);
    if (module == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(module, sizeof(LWF_MODULE));

    module->FilterHandle = NdisFilterHandle;
    module->IfIndex      = AttachParameters->BaseMiniportIfIndex;
    module->State        = LwfDetached;
    LwfCopyName(module, AttachParameters->BaseMiniportInstanceName);

    NdisZeroMemory(&poolParams, sizeof(poolParams));
    poolParams.Header.Type       = NDIS_OBJECT_TYPE_DEFAULT;
    poolParams.Header.Revision   = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    poolParams.Header.Size       = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    poolParams.ProtocolId        = NDIS_PROTOCOL_ID_DEFAULT;
    poolParams.fAllocateNetBuffer = TRUE;
    poolParams.ContextSize       = 0;
    poolParams.PoolTag           = LWFMON_NBL_TAG;
    poolParams.DataSize          = 0;

    module->NblPool = NdisAllocateNetBufferListPool(NdisFilterHandle, &poolParams);
    if (module->NblPool == NULL) {
        ERR("no NBL pool for %ws", module->Name);
        status = NDIS_STATUS_RESOURCES;
        goto fail;
    }

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type     = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attrs.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Header.Size     = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Flags           = 0;

    status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)module, &attrs);
    if (status != NDIS_STATUS_SUCCESS) {
        ERR("NdisFSetAttributes 0x%08x", status);
        goto fail;
    }

    module->State = LwfPaused;

    NdisAcquireSpinLock(&g_Lwf.Lock);
    InsertTailList(&g_Lwf.Modules, &module->Link);
    g_Lwf.ModuleCount++;
    NdisReleaseSpinLock(&g_Lwf.Lock);

    LOG("attached to %ws (if %lu)", module->Name, module->IfIndex);
    return NDIS_STATUS_SUCCESS;

fail:
    NdisFreeMemory(module, 0, 0);
    return status;
}

VOID
LwfDetach(
    _In_ NDIS_HANDLE FilterModuleContext)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&g_Lwf.Lock);
    RemoveEntryList(&module->Link);
    g_Lwf.ModuleCount--;
    NdisReleaseSpinLock(&g_Lwf.Lock);

    LOG("detach %ws rx=%I64d tx=%I64d", module->Name, module->RxFrames, module->TxFrames);

    if (module->NblPool != NULL) {
        NdisFreeNetBufferListPool(module->NblPool);
    }
    NdisFreeMemory(module, 0, 0);
}

NDIS_STATUS
LwfRestart(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;
    UNREFERENCED_PARAMETER(RestartParameters);

    module->State = LwfRunning;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
LwfPause(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;
    UNREFERENCED_PARAMETER(PauseParameters);

    /* we never hold NBLs, so pausing completes synchronously */
    module->State = LwfPaused;
    return NDIS_STATUS_SUCCESS;
}

static ULONG
LwfCountChain(_In_ PNET_BUFFER_LIST Nbl)
{
    ULONG n = 0;
    for (; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) {
        n++;
    }
    return n;
}

VOID
LwfSendNbls(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ NDIS_PORT_NUMBER PortNumber,
    _In_ ULONG SendFlags)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    InterlockedAdd64(&module->TxFrames, LwfCountChain(NetBufferLists));
    NdisFSendNetBufferLists(module->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

VOID
LwfReceiveNbls(
    _In_ NDIS_HANDLE FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ NDIS_PORT_NUMBER PortNumber,
    _In_ ULONG NumberOfNetBufferLists,
    _In_ ULONG ReceiveFlags)
{
    PLWF_MODULE module = (PLWF_MODULE)FilterModuleContext;

    InterlockedAdd64(&module->RxFrames, NumberOfNetBufferLists);
    NdisFIndicateReceiveNetBufferLists(module->FilterHandle, NetBufferLists,
                                       PortNumber, NumberOfNetBufferLists, ReceiveFlags);
}
