#include "heartbeat.h"

VOID HbStartTimer(_In_ PHB_CONTEXT Ctx)
{
    LARGE_INTEGER due;

    KeInitializeTimerEx(&Ctx->Timer, NotificationTimer);
    KeInitializeDpc(&Ctx->Dpc, HbTimerDpc, Ctx);

    due.QuadPart = -10LL * 1000 * HB_PERIOD_MS;
    KeSetTimerEx(&Ctx->Timer, due, HB_PERIOD_MS, &Ctx->Dpc);
}

VOID HbStopTimer(_In_ PHB_CONTEXT Ctx)
{
    KeCancelTimer(&Ctx->Timer);
    KeFlushQueuedDpcs();
}

VOID HbTimerDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    PHB_CONTEXT ctx = (PHB_CONTEXT)DeferredContext;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    KeAcquireSpinLockAtDpcLevel(&ctx->StatsLock);
    ctx->Stats.Ticks++;
    KeReleaseSpinLockFromDpcLevel(&ctx->StatsLock);

    if (ctx->WorkItem == NULL) {
        return;
    }

    if (InterlockedCompareExchange(&ctx->WorkQueued, 1, 0) != 0) {
        KeAcquireSpinLockAtDpcLevel(&ctx->StatsLock);
        ctx->Stats.Skipped++;
        KeReleaseSpinLockFromDpcLevel(&ctx->StatsLock);
        return;
    }

    KeClearEvent(&ctx->WorkIdle);
    ctx->QueuedAt = KeQueryInterruptTime();
    IoQueueWorkItem(ctx->WorkItem, HbWorker, DelayedWorkQueue, ctx);
}

VOID HbWorker(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PHB_CONTEXT ctx = (PHB_CONTEXT)Context;
    LONGLONG latency;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    latency = (LONGLONG)(KeQueryInterruptTime() - ctx->QueuedAt);

    KeAcquireSpinLock(&ctx->StatsLock, &irql);
    ctx->Stats.WorkRuns++;
    if (latency > ctx->Stats.MaxLatency100ns) {
        ctx->Stats.MaxLatency100ns = latency;
    }
    KeReleaseSpinLock(&ctx->StatsLock, irql);

    InterlockedExchange(&ctx->WorkQueued, 0);
    KeSetEvent(&ctx->WorkIdle, IO_NO_INCREMENT, FALSE);
}

VOID HbSnapshot(_In_ PHB_CONTEXT Ctx, _Out_ PHB_STATS Out)
{
    KIRQL irql;

    KeAcquireSpinLock(&Ctx->StatsLock, &irql);
    *Out = Ctx->Stats;
    KeReleaseSpinLock(&Ctx->StatsLock, irql);
}
