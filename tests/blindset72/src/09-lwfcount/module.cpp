#include "lwfcount.h"

namespace lc {

NDIS_STATUS Attach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
                   PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    UNREFERENCED_PARAMETER(FilterDriverContext);
    NDIS_STATUS st;

    auto m = static_cast<Module*>(NdisAllocateMemoryWithTagPriority(
        NdisFilterHandle, sizeof(Module), LC_TAG, NormalPoolPriority));
    if (!m) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(m, sizeof(*m));
    m->FilterHandle = NdisFilterHandle;

    NET_BUFFER_LIST_POOL_PARAMETERS pp;
    NdisZeroMemory(&pp, sizeof(pp));
    pp.Header.Type        = NDIS_OBJECT_TYPE_DEFAULT;
    pp.Header.Revision    = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    pp.Header.Size        = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    pp.ProtocolId         = NDIS_PROTOCOL_ID_DEFAULT;
    pp.fAllocateNetBuffer = TRUE;
    pp.PoolTag            = LC_NBL_TAG;

    m->NblPool = NdisAllocateNetBufferListPool(NdisFilterHandle, &pp);
    if (!m->NblPool) {
        st = NDIS_STATUS_RESOURCES;
        goto free_module;
    }

    {
        NDIS_FILTER_ATTRIBUTES fa;
        NdisZeroMemory(&fa, sizeof(fa));
        fa.Header.Type     = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
        fa.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
        fa.Header.Size     = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;

        st = NdisFSetAttributes(NdisFilterHandle, m, &fa);
        if (st != NDIS_STATUS_SUCCESS) {
            goto free_pool;
        }
    }

    NdisAcquireSpinLock(&Driver::Lock);
    InsertTailList(&Driver::Modules, &m->Link);
    Driver::ModuleCount++;
    NdisReleaseSpinLock(&Driver::Lock);

    LC_LOG("attach if=%u", AttachParameters->BaseMiniportIfIndex);
    return NDIS_STATUS_SUCCESS;

free_pool:
    NdisFreeNetBufferListPool(m->NblPool);
free_module:
    NdisFreeMemory(m, 0, 0);
    LC_LOG("attach failed 0x%08x", st);
    return st;
}

void Detach(NDIS_HANDLE FilterModuleContext)
{
    auto m = static_cast<Module*>(FilterModuleContext);

    NdisAcquireSpinLock(&Driver::Lock);
    RemoveEntryList(&m->Link);
    Driver::ModuleCount--;
    NdisReleaseSpinLock(&Driver::Lock);

    NdisFreeNetBufferListPool(m->NblPool);
    NdisFreeMemory(m, 0, 0);
}

NDIS_STATUS Restart(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS RestartParameters)
{
    UNREFERENCED_PARAMETER(FilterModuleContext);
    UNREFERENCED_PARAMETER(RestartParameters);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS Pause(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters)
{
    UNREFERENCED_PARAMETER(FilterModuleContext);
    UNREFERENCED_PARAMETER(PauseParameters);
    return NDIS_STATUS_SUCCESS;
}

void Send(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
          NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    auto m = static_cast<Module*>(FilterModuleContext);
    LONG64 n = 0;
    for (auto nbl = NetBufferLists; nbl; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        ++n;
    }
    InterlockedAdd64(&m->Tx, n);
    NdisFSendNetBufferLists(m->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

void Receive(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST NetBufferLists,
             NDIS_PORT_NUMBER PortNumber, ULONG NumberOfNetBufferLists, ULONG ReceiveFlags)
{
    auto m = static_cast<Module*>(FilterModuleContext);
    InterlockedAdd64(&m->Rx, NumberOfNetBufferLists);
    NdisFIndicateReceiveNetBufferLists(m->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}

} // namespace lc
