/*
 * modules.c - per-binding filter module handlers
 */
#include "lwfstat.h"

NDIS_STATUS
LsAttach(
    _In_ NDIS_HANDLE                    NdisFilterHandle,
    _In_ NDIS_HANDLE                    FilterDriverContext,
    _In_ PNDIS_FILTER_ATTACH_PARAMETERS AttachParameters
    )
{
    NDIS_FILTER_ATTRIBUTES attrs;
    PLS_MODULE m;
    NDIS_STATUS status;

    UNREFERENCED_PARAMETER(FilterDriverContext);

    m = (PLS_MODULE)NdisAllocateMemoryWithTagPriority(NdisFilterHandle, sizeof(LS_MODULE),
                                                      LS_TAG, NormalPoolPriority);
    if (m == NULL) {
        return NDIS_STATUS_RESOURCES;
    }
    NdisZeroMemory(m, sizeof(LS_MODULE));
    m->FilterHandle = NdisFilterHandle;
    m->IfIndex      = AttachParameters->BaseMiniportIfIndex;
    m->State        = LsPaused;

    NdisZeroMemory(&attrs, sizeof(attrs));
    attrs.Header.Type     = NDIS_OBJECT_TYPE_FILTER_ATTRIBUTES;
    attrs.Header.Revision = NDIS_FILTER_ATTRIBUTES_REVISION_1;
    attrs.Header.Size     = NDIS_SIZEOF_FILTER_ATTRIBUTES_REVISION_1;

    status = NdisFSetAttributes(NdisFilterHandle, (NDIS_HANDLE)m, &attrs);
    LS_CHECK_GOTO(status, "NdisFSetAttributes", FreeModule);

    NdisAcquireSpinLock(&g_Ls.Lock);
    InsertTailList(&g_Ls.Modules, &m->Link);
    g_Ls.ModuleCount++;
    NdisReleaseSpinLock(&g_Ls.Lock);
    return NDIS_STATUS_SUCCESS;

FreeModule:
    NdisFreeMemory(m, 0, 0);
    return status;
}

VOID
LsDetach(
    _In_ NDIS_HANDLE FilterModuleContext
    )
{
    PLS_MODULE m = (PLS_MODULE)FilterModuleContext;

    NdisAcquireSpinLock(&g_Ls.Lock);
    RemoveEntryList(&m->Link);
    g_Ls.ModuleCount--;
    NdisReleaseSpinLock(&g_Ls.Lock);

    NdisFreeMemory(m, 0, 0);
}

NDIS_STATUS
LsRestart(
    _In_ NDIS_HANDLE                     FilterModuleContext,
    _In_ PNDIS_FILTER_RESTART_PARAMETERS RestartParameters
    )
{
    UNREFERENCED_PARAMETER(RestartParameters);
    InterlockedExchange(&((PLS_MODULE)FilterModuleContext)->State, LsRunning);
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS
LsPause(
    _In_ NDIS_HANDLE                   FilterModuleContext,
    _In_ PNDIS_FILTER_PAUSE_PARAMETERS PauseParameters
    )
{
    UNREFERENCED_PARAMETER(PauseParameters);
    InterlockedExchange(&((PLS_MODULE)FilterModuleContext)->State, LsPaused);
    return NDIS_STATUS_SUCCESS;
}

VOID
LsSendNbls(
    _In_ NDIS_HANDLE      FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ NDIS_PORT_NUMBER PortNumber,
    _In_ ULONG            SendFlags
    )
{
    PLS_MODULE m = (PLS_MODULE)FilterModuleContext;
    PNET_BUFFER_LIST nbl;

    if (m->State != LsRunning) {
        ULONG completeFlags = 0;
        for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
            NET_BUFFER_LIST_STATUS(nbl) = NDIS_STATUS_PAUSED;
        }
        if (NDIS_TEST_SEND_AT_DISPATCH_LEVEL(SendFlags)) {
            NDIS_SET_SEND_COMPLETE_FLAG(completeFlags, NDIS_SEND_COMPLETE_FLAGS_DISPATCH_LEVEL);
        }
        NdisFSendNetBufferListsComplete(m->FilterHandle, NetBufferLists, completeFlags);
        return;
    }

    for (nbl = NetBufferLists; nbl != NULL; nbl = NET_BUFFER_LIST_NEXT_NBL(nbl)) {
        InterlockedIncrement64(&m->TxNbls);
    }
    NdisFSendNetBufferLists(m->FilterHandle, NetBufferLists, PortNumber, SendFlags);
}

VOID
LsSendNblsComplete(
    _In_ NDIS_HANDLE      FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ ULONG            SendCompleteFlags
    )
{
    PLS_MODULE m = (PLS_MODULE)FilterModuleContext;
    NdisFSendNetBufferListsComplete(m->FilterHandle, NetBufferLists, SendCompleteFlags);
}

VOID
LsReceiveNbls(
    _In_ NDIS_HANDLE      FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ NDIS_PORT_NUMBER PortNumber,
    _In_ ULONG            NumberOfNetBufferLists,
    _In_ ULONG            ReceiveFlags
    )
{
    PLS_MODULE m = (PLS_MODULE)FilterModuleContext;

    if (m->State != LsRunning) {
        if (!NDIS_TEST_RECEIVE_CANNOT_PEND(ReceiveFlags)) {
            ULONG returnFlags = 0;
            if (NDIS_TEST_RECEIVE_AT_DISPATCH_LEVEL(ReceiveFlags)) {
                NDIS_SET_RETURN_FLAG(returnFlags, NDIS_RETURN_FLAGS_DISPATCH_LEVEL);
            }
            NdisFReturnNetBufferLists(m->FilterHandle, NetBufferLists, returnFlags);
        }
        return;
    }

    InterlockedAdd64(&m->RxNbls, NumberOfNetBufferLists);
    NdisFIndicateReceiveNetBufferLists(m->FilterHandle, NetBufferLists, PortNumber,
                                       NumberOfNetBufferLists, ReceiveFlags);
}

VOID
LsReturnNbls(
    _In_ NDIS_HANDLE      FilterModuleContext,
    _In_ PNET_BUFFER_LIST NetBufferLists,
    _In_ ULONG            ReturnFlags
    )
{
    PLS_MODULE m = (PLS_MODULE)FilterModuleContext;
    NdisFReturnNetBufferLists(m->FilterHandle, NetBufferLists, ReturnFlags);
}

VOID
LsGetTotals(
    _Out_ PLS_TOTALS Totals
    )
{
    PLIST_ENTRY e;

    NdisZeroMemory(Totals, sizeof(LS_TOTALS));

    NdisAcquireSpinLock(&g_Ls.Lock);
    Totals->Modules = g_Ls.ModuleCount;
    for (e = g_Ls.Modules.Flink; e != &g_Ls.Modules; e = e->Flink) {
        PLS_MODULE m = CONTAINING_RECORD(e, LS_MODULE, Link);
        Totals->TxNbls += m->TxNbls;
        Totals->RxNbls += m->RxNbls;
    }
    NdisReleaseSpinLock(&g_Ls.Lock);
}

VOID
LsResetCounters(VOID)
{
    PLIST_ENTRY e;

    NdisAcquireSpinLock(&g_Ls.Lock);
    for (e = g_Ls.Modules.Flink; e != &g_Ls.Modules; e = e->Flink) {
        PLS_MODULE m = CONTAINING_RECORD(e, LS_MODULE, Link);
        InterlockedExchange64(&m->TxNbls, 0);
        InterlockedExchange64(&m->RxNbls, 0);
    }
    NdisReleaseSpinLock(&g_Ls.Lock);
}
