//
// module.cpp - per filter module (= per adapter) state
//
#include "lwfmon.h"

namespace lwfmon {

_Use_decl_annotations_
NDIS_STATUS FilterAttach(NDIS_HANDLE filterHandle,
                         NDIS_HANDLE driverContext,
                         PNDIS_FILTER_ATTACH_PARAMETERS ap)
{
    UNREFERENCED_PARAMETER(driverContext);

    if (ap->MiniportMediaType != NdisMedium802_3 &&
        ap->MiniportMediaType != NdisMediumNative802_11) {
        KLOG("skipping medium %d", ap->MiniportMediaType);
        return NDIS_STATUS_INVALID_PARAMETER;
    }

    auto m = static_cast<Module*>(NdisAllocateMemoryWithTagPriority(
        filterHandle, sizeof(Module), LWFMON_TAG, NormalPoolPriority));
    if (m == nullptr) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(m, sizeof(*m));
    auto freeModule = MakeScopeExit([&] { NdisFreeMemory(m, 0, 0); });

    m->FilterHandle = filterHandle;
    m->IfIndex      = ap->BaseMiniportIfIndex;

    NDIS_FILTER_ATTRIBUTES fa;
    NdisZeroMemory(&fa, sizeof(fa));
    fa.Header.Type     = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    fa.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    fa.Header.Size     = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;

    NDIS_STATUS status = NdisFSetAttributes(filterHandle, m, &fa);
    if (status != NDIS_STATUS_SUCCESS) {
        KLOG("NdisFSetAttributes 0x%x", status);
        return status;
    }

    // the context is registered with NDIS now, it hands it back in FilterDetach
    freeModule.Dismiss();

    NET_BUFFER_LIST_POOL_PARAMETERS pp;
    NdisZeroMemory(&pp, sizeof(pp));
    pp.Header.Type        = NDIS_OBJECT_TYPE_DEFAULT;
    pp.Header.Revision    = NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    pp.Header.Size        = NDIS_SIZEOF_NET_BUFFER_LIST_POOL_PARAMETERS_REVISION_1;
    pp.ProtocolId         = NDIS_PROTOCOL_ID_DEFAULT;
    pp.fAllocateNetBuffer = TRUE;
    pp.PoolTag            = LWFMON_TAG;

    m->NblPool = NdisAllocateNetBufferListPool(filterHandle, &pp);
    if (m->NblPool == nullptr) {
        KLOG("no NBL pool for ifindex %u", m->IfIndex);
        return NDIS_STATUS_RESOURCES;
    }

    {
        LockGuard lock(G.Lock);
        InsertTailList(&G.Modules, &m->Link);
    }

    KLOG("attached ifindex %u", m->IfIndex);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID FilterDetach(NDIS_HANDLE ctx)
{
    auto m = static_cast<Module*>(ctx);

    {
        LockGuard lock(G.Lock);
        RemoveEntryList(&m->Link);
    }

    KLOG("detach ifindex %u rx=%lld nbls / %lld bytes", m->IfIndex, m->RxNbls, m->RxBytes);

    if (m->NblPool != nullptr) {
        NdisFreeNetBufferListPool(m->NblPool);
    }
    NdisFreeMemory(m, 0, 0);
}

_Use_decl_annotations_
NDIS_STATUS FilterRestart(NDIS_HANDLE ctx, PNDIS_FILTER_RESTART_PARAMETERS params)
{
    UNREFERENCED_PARAMETER(params);
    InterlockedExchange(&static_cast<Module*>(ctx)->Running, 1);
    return NDIS_STATUS_SUCCESS;
}

_Use_decl_annotations_
NDIS_STATUS FilterPause(NDIS_HANDLE ctx, PNDIS_FILTER_PAUSE_PARAMETERS params)
{
    UNREFERENCED_PARAMETER(params);
    InterlockedExchange(&static_cast<Module*>(ctx)->Running, 0);
    return NDIS_STATUS_SUCCESS;     // nothing of ours is outstanding
}

_Use_decl_annotations_
VOID FilterReceive(NDIS_HANDLE ctx, PNET_BUFFER_LIST nbls, NDIS_PORT_NUMBER port,
                   ULONG count, ULONG flags)
{
    auto m = static_cast<Module*>(ctx);
    LONG64 bytes = 0;

    for (auto n = nbls; n != nullptr; n = NET_BUFFER_LIST_NEXT_NBL(n)) {
        for (auto nb = NET_BUFFER_LIST_FIRST_NB(n); nb != nullptr; nb = NET_BUFFER_NEXT_NB(nb)) {
            bytes += NET_BUFFER_DATA_LENGTH(nb);
        }
    }
    InterlockedAdd64(&m->RxNbls, count);
    InterlockedAdd64(&m->RxBytes, bytes);

    NdisFIndicateReceiveNetBufferLists(m->FilterHandle, nbls, port, count, flags);
}

_Use_decl_annotations_
VOID FilterReturn(NDIS_HANDLE ctx, PNET_BUFFER_LIST nbls, ULONG flags)
{
    NdisFReturnNetBufferLists(static_cast<Module*>(ctx)->FilterHandle, nbls, flags);
}

} // namespace lwfmon
