#include "filter.h"

static NDIS_HANDLE StatsTimer;

static VOID
StatsTimerFunction(
    _In_ PVOID SystemSpecific1,
    _In_ PVOID FunctionContext,
    _In_ PVOID SystemSpecific2,
    _In_ PVOID SystemSpecific3
    )
{
    PLIST_ENTRY entry;

    UNREFERENCED_PARAMETER(SystemSpecific1);
    UNREFERENCED_PARAMETER(FunctionContext);
    UNREFERENCED_PARAMETER(SystemSpecific2);
    UNREFERENCED_PARAMETER(SystemSpecific3);
    NdisDprAcquireSpinLock(&FilterListLock);
    for (entry = FilterModuleList.Flink; entry != &FilterModuleList; entry = entry->Flink) {
        PFILTER_CONTEXT ctx = CONTAINING_RECORD(entry, FILTER_CONTEXT, Link);
        LONG64 tx = ReadNoFence64(&ctx->TxFrames);
        LONG64 rx = ReadNoFence64(&ctx->RxFrames);

        ctx->TxPerSecond = (ULONG)(tx - ctx->LastTx);
        ctx->RxPerSecond = (ULONG)(rx - ctx->LastRx);
        ctx->LastTx = tx;
        ctx->LastRx = rx;
    }
    NdisDprReleaseSpinLock(&FilterListLock);
}

NDIS_STATUS
StatsStart(
    _In_ NDIS_HANDLE NdisHandle
    )
{
    NDIS_STATUS status;
    NDIS_TIMER_CHARACTERISTICS timerChars;
    LARGE_INTEGER dueTime;

    NdisZeroMemory(&timerChars, sizeof(timerChars));
    timerChars.Header.Type = NDIS_OBJECT_TYPE_TIMER_CHARACTERISTICS;
    timerChars.Header.Revision = NDIS_TIMER_CHARACTERISTICS_REVISION_1;
    timerChars.Header.Size = NDIS_SIZEOF_TIMER_CHARACTERISTICS_REVISION_1;
    timerChars.AllocationTag = FILTER_TAG;
    timerChars.TimerFunction = StatsTimerFunction;

    status = NdisAllocateTimerObject(NdisHandle, &timerChars, &StatsTimer);
    if (status != NDIS_STATUS_SUCCESS) {
        StatsTimer = NULL;
        return status;
    }

    dueTime.QuadPart = -10000LL * STATS_PERIOD_MS;
    NdisSetTimerObject(StatsTimer, dueTime, STATS_PERIOD_MS, NULL);
    return NDIS_STATUS_SUCCESS;
}

VOID
StatsStop(VOID)
{
    if (StatsTimer != NULL) {
        NdisCancelTimerObject(StatsTimer);
        NdisFreeTimerObject(StatsTimer);
        StatsTimer = NULL;
    }
}

ULONG
StatsSnapshot(
    _Out_writes_(MaxEntries) PLWF_COUNTERS Out,
    _In_ ULONG MaxEntries
    )
{
    PLIST_ENTRY entry;
    ULONG n = 0;

    NdisAcquireSpinLock(&FilterListLock);
    for (entry = FilterModuleList.Flink;
         entry != &FilterModuleList && n < MaxEntries;
         entry = entry->Flink, n++) {
        PFILTER_CONTEXT ctx = CONTAINING_RECORD(entry, FILTER_CONTEXT, Link);
        Out[n].MiniportIfIndex = ctx->MiniportIfIndex;
        Out[n].TxFrames = (ULONG64)ctx->TxFrames;
        Out[n].RxFrames = (ULONG64)ctx->RxFrames;
        Out[n].TxPerSecond = ctx->TxPerSecond;
        Out[n].RxPerSecond = ctx->RxPerSecond;
    }
    NdisReleaseSpinLock(&FilterListLock);
    return n;
}
