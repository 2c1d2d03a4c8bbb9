//
// timers.c - DPC and work item routines
//
#include "heartbeat.h"

_Use_decl_annotations_
VOID
HbBeatDpc(
    PKDPC Dpc,
    PVOID DeferredContext,
    PVOID SystemArgument1,
    PVOID SystemArgument2
    )
{
    PHB_EXTENSION ext = (PHB_EXTENSION)DeferredContext;
    LARGE_INTEGER due;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    KeAcquireSpinLockAtDpcLevel(&ext->HistoryLock);
    ext->History[ext->HistoryNext].InterruptTime = KeQueryInterruptTime();
    ext->History[ext->HistoryNext].Processor = KeGetCurrentProcessorNumberEx(NULL);
    ext->HistoryNext = (ext->HistoryNext + 1) % HB_HISTORY_LEN;
    KeReleaseSpinLockFromDpcLevel(&ext->HistoryLock);

    InterlockedIncrement(&ext->Stats.Beats);

    // push the watchdog out again; if we stop beating it will fire
    due.QuadPart = MS_TO_RELATIVE(ext->IntervalMs * HB_WATCHDOG_FACTOR);
    KeSetTimer(&ext->WatchdogTimer, due, &ext->WatchdogDpc);

    // recompute statistics every 16 beats
    if ((ext->Stats.Beats % 16) == 0 &&
        InterlockedCompareExchange(&ext->StatsQueued, 1, 0) == 0) {
        KeClearEvent(&ext->StatsIdle);
        IoQueueWorkItem(ext->StatsWorkItem, HbStatsWorker, DelayedWorkQueue, ext);
    }
}

_Use_decl_annotations_
VOID
HbWatchdogDpc(
    PKDPC Dpc,
    PVOID DeferredContext,
    PVOID SystemArgument1,
    PVOID SystemArgument2
    )
{
    PHB_EXTENSION ext = (PHB_EXTENSION)DeferredContext;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    InterlockedIncrement(&ext->Stats.Stalls);
    DBG_ERR("no heartbeat for %lu ms", ext->IntervalMs * HB_WATCHDOG_FACTOR);
}

_Use_decl_annotations_
VOID
HbStatsWorker(
    PDEVICE_OBJECT DeviceObject,
    PVOID Context
    )
{
    PHB_EXTENSION ext = (PHB_EXTENSION)Context;
    HB_SAMPLE snapshot[HB_HISTORY_LEN / 4];
    ULONG first, i, count = RTL_NUMBER_OF(snapshot);
    ULONGLONG expected = (ULONGLONG)ext->IntervalMs * 10000;
    ULONGLONG sum = 0, maxJ = 0;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    KeAcquireSpinLock(&ext->HistoryLock, &irql);
    first = (ext->HistoryNext + HB_HISTORY_LEN - count) % HB_HISTORY_LEN;
    for (i = 0; i < count; i++) {
        snapshot[i] = ext->History[(first + i) % HB_HISTORY_LEN];
    }
    KeReleaseSpinLock(&ext->HistoryLock, irql);

    for (i = 1; i < count; i++) {
        ULONGLONG delta, jitter;
        if (snapshot[i - 1].InterruptTime == 0) {
            continue;
        }
        delta = snapshot[i].InterruptTime - snapshot[i - 1].InterruptTime;
        jitter = (delta > expected) ? delta - expected : expected - delta;
        sum += jitter;
        if (jitter > maxJ) {
            maxJ = jitter;
        }
    }

    ext->Stats.AvgJitter100ns = sum / (count - 1);
    ext->Stats.MaxJitter100ns = maxJ;

    KeSetEvent(&ext->StatsIdle, IO_NO_INCREMENT, FALSE);
    InterlockedExchange(&ext->StatsQueued, 0);
}
