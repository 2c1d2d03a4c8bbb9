/*
 * timer.c - timer/DPC handling for Pulse
 */
#include "pulse.h"

static KDEFERRED_ROUTINE PulseDpc;

static VOID
PulseDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    PPULSE_CONTEXT ctx = (PPULSE_CONTEXT)DeferredContext;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    if (ctx == NULL) {
        return;
    }

    KeAcquireSpinLockAtDpcLevel(&ctx->Lock);
    ctx->Info.Beats++;
    ctx->Info.LastBeatTime = KeQueryInterruptTime();
    KeReleaseSpinLockFromDpcLevel(&ctx->Lock);
}

VOID
PulseInitTimer(VOID)
{
    KeInitializeSpinLock(&g_Pulse.Lock);
    KeInitializeTimerEx(&g_Pulse.Timer, NotificationTimer);
    KeInitializeDpc(&g_Pulse.Dpc, PulseDpc, &g_Pulse);
    g_Pulse.Info.PeriodMs = PULSE_DEFAULT_MS;
}

NTSTATUS
PulseStart(
    _In_ ULONG PeriodMs
    )
{
    LARGE_INTEGER due;
    KIRQL         irql;

    if (PeriodMs < PULSE_MIN_MS || PeriodMs > PULSE_MAX_MS) {
        return STATUS_INVALID_PARAMETER;
    }

    KeAcquireSpinLock(&g_Pulse.Lock, &irql);
    g_Pulse.Info.PeriodMs = PeriodMs;
    g_Pulse.Info.Running  = 1;
    KeReleaseSpinLock(&g_Pulse.Lock, irql);

    due.QuadPart = -10000LL * PeriodMs;
    /* KeSetTimerEx on an armed timer simply re-arms it */
    KeSetTimerEx(&g_Pulse.Timer, due, (LONG)PeriodMs, &g_Pulse.Dpc);
    PLOG("started, %u ms", PeriodMs);
    return STATUS_SUCCESS;
}

VOID
PulseStop(VOID)
{
    KIRQL irql;

    KeCancelTimer(&g_Pulse.Timer);

    KeAcquireSpinLock(&g_Pulse.Lock, &irql);
    g_Pulse.Info.Running = 0;
    KeReleaseSpinLock(&g_Pulse.Lock, irql);
}

VOID
PulseQuery(
    _Out_ PPULSE_INFO Info
    )
{
    KIRQL irql;

    KeAcquireSpinLock(&g_Pulse.Lock, &irql);
    *Info = g_Pulse.Info;
    KeReleaseSpinLock(&g_Pulse.Lock, irql);
}
