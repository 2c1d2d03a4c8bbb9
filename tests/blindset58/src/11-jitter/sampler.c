/*
 * sampler.c - timer DPC and the spike work item
 */
#include "jitter.h"

static KDEFERRED_ROUTINE    JtTimerDpc;
static IO_WORKITEM_ROUTINE  JtSpikeWork;

static VOID
JtSpikeWork(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    KIRQL irql;
    ULONG spike;

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    KeAcquireSpinLock(&g_Jt.Lock, &irql);
    spike = g_Jt.Stats.LastSpikeUs;
    g_Jt.Stats.Alerts++;
    KeReleaseSpinLock(&g_Jt.Lock, irql);

    JT_ERR("timer tick %lu us late (threshold %lu us)\n", spike, g_Jt.ThresholdUs);
    KeSetEvent(g_Jt.Alert, IO_NO_INCREMENT, FALSE);

    KeAcquireSpinLock(&g_Jt.Lock, &irql);
    g_Jt.WorkQueued = FALSE;
    KeSetEvent(&g_Jt.WorkIdle, IO_NO_INCREMENT, FALSE);
    KeReleaseSpinLock(&g_Jt.Lock, irql);
}

static VOID
JtTimerDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    PJT_CONTEXT ctx = (PJT_CONTEXT)Context;
    ULONGLONG   now = KeQueryInterruptTime();
    ULONG       deltaUs, lateUs;
    BOOLEAN     queue = FALSE;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);

    KeAcquireSpinLockAtDpcLevel(&ctx->Lock);

    deltaUs = (ULONG)((now - ctx->LastTick) / 10);
    ctx->LastTick = now;
    ctx->Stats.Ticks++;

    lateUs = (deltaUs > ctx->PeriodMs * 1000) ? deltaUs - ctx->PeriodMs * 1000 : 0;
    if (lateUs > ctx->Stats.WorstUs) {
        ctx->Stats.WorstUs = lateUs;
    }
    if (lateUs > ctx->ThresholdUs) {
        ctx->Stats.Spikes++;
        ctx->Stats.LastSpikeUs = lateUs;
        if (!ctx->WorkQueued) {
            ctx->WorkQueued = TRUE;
            KeClearEvent(&ctx->WorkIdle);
            queue = TRUE;
        }
    }

    KeReleaseSpinLockFromDpcLevel(&ctx->Lock);

    if (queue) {
        IoQueueWorkItem(ctx->WorkItem, JtSpikeWork, DelayedWorkQueue, NULL);
    }
}

/* everything the DPC and the work item touch, before either can run */
VOID
JtInitSampler(VOID)
{
    KeInitializeSpinLock(&g_Jt.Lock);
    KeInitializeEvent(&g_Jt.WorkIdle, NotificationEvent, TRUE);
    RtlZeroMemory(&g_Jt.Stats, sizeof(g_Jt.Stats));
    g_Jt.WorkQueued = FALSE;

    KeInitializeDpc(&g_Jt.Dpc, JtTimerDpc, &g_Jt);
    KeInitializeTimerEx(&g_Jt.Timer, NotificationTimer);
    g_Jt.TimerArmed = FALSE;
}

VOID
JtStartSampler(VOID)
{
    LARGE_INTEGER due;

    g_Jt.LastTick = KeQueryInterruptTime();
    due.QuadPart  = -(LONGLONG)g_Jt.PeriodMs * 10000;
    KeSetTimerEx(&g_Jt.Timer, due, (LONG)g_Jt.PeriodMs, &g_Jt.Dpc);
    g_Jt.TimerArmed = TRUE;
}

/*
 * Cancel the timer, let any DPC already queued finish, then wait for a
 * work item the last DPC may have queued.  After this nothing of ours runs.
 */
VOID
JtStopSampler(VOID)
{
    if (g_Jt.TimerArmed) {
        KeCancelTimer(&g_Jt.Timer);
        g_Jt.TimerArmed = FALSE;
    }
    KeFlushQueuedDpcs();

    KeWaitForSingleObject(&g_Jt.WorkIdle, Executive, KernelMode, FALSE, NULL);
}

VOID
JtGetStats(PJT_STATS Out)
{
    KIRQL irql;

    KeAcquireSpinLock(&g_Jt.Lock, &irql);
    *Out = g_Jt.Stats;
    KeReleaseSpinLock(&g_Jt.Lock, irql);
}
