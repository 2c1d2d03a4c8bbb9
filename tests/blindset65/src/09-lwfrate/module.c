/*
 * module.c - per-adapter filter module: attach/detach, pause/restart,
 * the sample timer and the pass-through datapath.
 */
#include "lwfrate.h"

static NDIS_TIMER_FUNCTION LrSampleTick;

static LONG64
LrNblBytes(PNET_BUFFER_LIST Nbl)
{
    LONG64 bytes = 0;
    PNET_BUFFER nb;

    for (; Nbl != NULL; Nbl = NET_BUFFER_LIST_NEXT_NBL(Nbl)) {
        for (nb = NET_BUFFER_LIST_FIRST_NB(Nbl); nb != NULL; nb = NET_BUFFER_NEXT_NB(nb)) {
            bytes += NET_BUFFER_DATA_LENGTH(nb);
        }
    }
    return bytes;
}

static VOID
LrSampleTick(PVOID SystemSpecific1, PVOID FunctionContext,
             PVOID SystemSpecific2, PVOID SystemSpecific3)
{
    PLR_MODULE m = (PLR_MODULE)FunctionContext;
    LONG64 rx = InterlockedCompareExchange64(&m->RxBytes, 0, 0);
    LONG64 tx = InterlockedCompareExchange64(&m->TxBytes, 0, 0);

    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);

    InterlockedExchange64(&m->RxRate, rx - m->LastRx);
    InterlockedExchange64(&m->TxRate, tx - m->LastTx);
    m->LastRx = rx;
    m->LastTx = tx;
}

NDIS_STATUS
LrAttach(NDIS_HANDLE NdisFilterHandle, NDIS_HANDLE FilterDriverContext,
         PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters)
{
    NDIS_STATUS status;
    PLR_MODULE m;
    NDIS_FILTER_ATTRIBUTES fa;
    NDIS_TIMER_CHARACTERISTICS tc;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    m = (PLR_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(*m),
                                                      LR_TAG, NormalPoolPriority);
    if (m == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(m, sizeof(*m));
    m->FilterHandle = NdisFilterHandle;
    m->IfIndex      = AttachParameters->BaseMiniportIfIndex;

    NdisZeroMemory(&tc, sizeof(tc));
    tc.Header.Type     = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    tc.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    tc.Header.Size     = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    tc.AllocationTag   = LR_TAG;
    tc.TimerFunction   = LrSampleTick;
    tc.FunctionContext = m;

    status = NdisAllocateTimerObject(NdisFilterHandle, &tc, &m->SampleTimer);
    if (status != NDIS_STATUS_SUCCESS) {
        LR_ERR("NdisAllocateTimerObject 0x%08x", status);
        goto fail_free;
    }

    NdisZeroMemory(&fa, sizeof(fa));
    fa.Header.Type     = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    fa.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    fa.Header.Size     = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;

    status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)m, &fa);
    if (status != NDIS_STATUS_SUCCESS) {
        LR_ERR("NdisFSetAttributes 0x%08x", status);
        goto fail_timer;
    }

    NdisAcquireSpinLock(&LrGlobals.Lock);
    InsertTailList(&LrGlobals.Modules, &m->Link);
    NdisReleaseSpinLock(&LrGlobals.Lock);

    LR_INFO("attached ifindex %u", m->IfIndex);
    return NDIS_STATUS_SUCCESS;

fail_timer:
    NdisFreeTimerObject(m->SampleTimer);
fail_free:
    NdisFreeMemory(m, 0, 0);
    return status;
}

VOID
LrDetach(NDIS_HANDLE FilterModuleContext)
{
    PLR_MODULE m = (PLR_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&LrGlobals.Lock);
    RemoveEntryList(&m->Link);
    NdisReleaseSpinLock(&LrGlobals.Lock);

    /* Pause already stopped it; make sure no tick is still running */
    NdisCancelTimerObject(m->SampleTimer);
    KeFlushQueuedDpcs();
    NdisFreeTimerObject(m->SampleTimer);

    NdisFreeMemory(m, 0, 0);
}

NDIS_STATUS
LrRestart(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_RESTART_PARAMETERS Params)
{
    PLR_MODULE m = (PLR_MODULE)FilterModuleContext;
    LARGE_INTEGER due;

    UNREFERENCED_PARAMETER(Params);

    due.QuadPart = -10000LL * LR_SAMPLE_MS;
    NdisSetTimerObject(m->SampleTimer, due, LR_SAMPLE_MS, NULL);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
LrPause(NDIS_HANDLE FilterModuleContext, PNDIS_FILTER_PAUSE_PARAMETERS Params)
{
    PLR_MODULE m = (PLR_MODULE)FilterModuleContext;

    UNREFERENCED_PARAMETER(Params);

    NdisCancelTimerObject(m->SampleTimer);
    InterlockedExchange64(&m->RxRate, 0);
    InterlockedExchange64(&m->TxRate, 0);
    return NDIS_STATUS_SUCCESS;
}

VOID
LrSend(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST Nbls,
       NDIS_PORT_NUMBER PortNumber, ULONG SendFlags)
{
    PLR_MODULE m = (PLR_MODULE)FilterModuleContext;

    InterlockedAdd64(&m->TxBytes, LrNblBytes(Nbls));
    NdisFSendNetBufferLists(m->FilterHandle, Nbls, PortNumber, SendFlags);
}

VOID
LrSendComplete(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST Nbls, ULONG Flags)
{
    PLR_MODULE m = (PLR_MODULE)FilterModuleContext;
    NdisFSendNetBufferListsComplete(m->FilterHandle, Nbls, Flags);
}

VOID
LrReceive(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST Nbls,
          NDIS_PORT_NUMBER PortNumber, ULONG Count, ULONG ReceiveFlags)
{
    PLR_MODULE m = (PLR_MODULE)FilterModuleContext;

    InterlockedAdd64(&m->RxBytes, LrNblBytes(Nbls));
    NdisFIndicateReceiveNetBufferLists(m->FilterHandle, Nbls, PortNumber, Count, ReceiveFlags);
}

VOID
LrReturn(NDIS_HANDLE FilterModuleContext, PNET_BUFFER_LIST Nbls, ULONG ReturnFlags)
{
    PLR_MODULE m = (PLR_MODULE)FilterModuleContext;
    NdisFReturnNetBufferLists(m->FilterHandle, Nbls, ReturnFlags);
}
