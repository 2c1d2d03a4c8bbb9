/*
 * timer.c - the KTIMER/KDPC pair and the statistics it keeps
 */
#include "tickdrv.h"

VOID
TkTimerDpc(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    TK_GLOBALS *g = (TK_GLOBALS *)DeferredContext;
    ULONGLONG   now;
    ULONG       deltaUs;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    now = KeQueryInterruptTime();

    KeAcquireSpinLockAtDpcLevel(&g->Lock);

    deltaUs = (ULONG)((now - g->LastTick) / 10);
    g->LastTick = now;

    g->Stats.Ticks++;
    g->SumUs += deltaUs;
    if (deltaUs < g->Stats.MinDeltaUs) g->Stats.MinDeltaUs = deltaUs;
    if (deltaUs > g->Stats.MaxDeltaUs) g->Stats.MaxDeltaUs = deltaUs;
    if (deltaUs > 2 * g->PeriodMs * 1000) g->Stats.Late++;
    g->Stats.AvgDeltaUs = (ULONG)(g->SumUs / g->Stats.Ticks);

    g->Stats.History[g->HistIndex] = deltaUs;
    g->HistIndex = (g->HistIndex + 1) % TK_HISTORY;

    KeReleaseSpinLockFromDpcLevel(&g->Lock);
}

NTSTATUS
TkStartSampling(VOID)
{
    LARGE_INTEGER due;

    if (g_Tk.Running) {
        return STATUS_SUCCESS;
    }

    KeInitializeDpc(&g_Tk.Dpc, TkTimerDpc, &g_Tk);
    KeInitializeTimerEx(&g_Tk.Timer, NotificationTimer);

    g_Tk.LastTick = KeQueryInterruptTime();

    due.QuadPart = -(LONGLONG)g_Tk.PeriodMs * 10 * 1000;
    KeSetTimerEx(&g_Tk.Timer, due, (LONG)g_Tk.PeriodMs, &g_Tk.Dpc);
    g_Tk.Running = TRUE;

    TKDBG(("sampling every %lu ms\n", g_Tk.PeriodMs));
    return STATUS_SUCCESS;
}

VOID
TkStopSampling(VOID)
{
    if (!g_Tk.Running) {
        return;
    }

    /* periodic timer: once it is cancelled it will not be re-queued */
    KeCancelTimer(&g_Tk.Timer);
    g_Tk.Running = FALSE;

    TKDBG(("sampling stopped after %lu ticks\n", g_Tk.Stats.Ticks));
}

VOID
TkResetStats(VOID)
{
    KIRQL irql;

    KeAcquireSpinLock(&g_Tk.Lock, &irql);
    RtlZeroMemory(&g_Tk.Stats, sizeof(g_Tk.Stats));
    g_Tk.Stats.MinDeltaUs = MAXULONG;
    g_Tk.SumUs     = 0;
    g_Tk.HistIndex = 0;
    g_Tk.LastTick  = KeQueryInterruptTime();
    KeReleaseSpinLock(&g_Tk.Lock, irql);
}
