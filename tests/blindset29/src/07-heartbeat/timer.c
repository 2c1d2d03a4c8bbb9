#include "heartbeat.h"

VOID
HbTimerDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    PHB_CONTEXT ctx = (PHB_CONTEXT)DeferredContext;
    LONG slot;
    LONG ticks;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    slot = InterlockedIncrement(&ctx->Head) % HB_RING_SIZE;
    ctx->Samples[slot] = KeQueryInterruptTime();

    ticks = InterlockedIncrement(&ctx->TickCount);
    if ((ticks % HB_BATCH) != 0) {
        return;
    }

    // only one work item in flight; if the last batch is still being
    // processed we simply skip this one
    if (InterlockedCompareExchange(&ctx->WorkQueued, 1, 0) == 0) {
        KeClearEvent(&ctx->WorkIdle);
        IoQueueWorkItem(ctx->WorkItem, HbWorkRoutine, DelayedWorkQueue, ctx);
    }
}

VOID
HbWorkRoutine(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_opt_ PVOID Context
    )
{
    PHB_CONTEXT ctx = (PHB_CONTEXT)Context;
    LONGLONG minD = MAXLONGLONG, maxD = 0, sum = 0;
    LONG head, i, n = 0;
    KIRQL irql;

    UNREFERENCED_PARAMETER(DeviceObject);

    head = ctx->Head;
    for (i = 1; i < HB_BATCH && i < HB_RING_SIZE; i++) {
        ULONGLONG newer = ctx->Samples[(head - i + 1 + HB_RING_SIZE) % HB_RING_SIZE];
        ULONGLONG older = ctx->Samples[(head - i + HB_RING_SIZE) % HB_RING_SIZE];
        LONGLONG delta;

        if (newer == 0 || older == 0 || newer < older) {
            continue;
        }
        delta = (LONGLONG)(newer - older) / 10;     // 100ns -> us
        minD = min(minD, delta);
        maxD = max(maxD, delta);
        sum += delta;
        n++;
    }

    KeAcquireSpinLock(&ctx->StatsLock, &irql);
    ctx->Stats.Ticks = (ULONGLONG)ctx->TickCount;
    if (n > 0) {
        ctx->Stats.MinDeltaUs = minD;
        ctx->Stats.MaxDeltaUs = maxD;
        ctx->Stats.AvgDeltaUs = sum / n;
    }
    ctx->Stats.Batches++;
    KeReleaseSpinLock(&ctx->StatsLock, irql);

    InterlockedExchange(&ctx->WorkQueued, 0);
    KeSetEvent(&ctx->WorkIdle, IO_NO_INCREMENT, FALSE);
}
