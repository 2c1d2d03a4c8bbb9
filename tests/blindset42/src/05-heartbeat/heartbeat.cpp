// heartbeat.cpp
#include "heartbeat.h"

KTIMER          Heartbeat::s_Timer;
KDPC            Heartbeat::s_Dpc;
ULONGLONG*      Heartbeat::s_Samples = nullptr;
volatile LONG   Heartbeat::s_Ticks = 0;
ULONG           Heartbeat::s_PeriodMs = HB_DEFAULT_PERIOD_MS;
ULONGLONG       Heartbeat::s_MaxJitter = 0;
bool            Heartbeat::s_Running = false;

_Use_decl_annotations_
VOID Heartbeat::TimerDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);

    const LONG tick = InterlockedIncrement(&s_Ticks);
    const ULONGLONG now = KeQueryInterruptTime();
    const ULONGLONG prev = s_Samples[(tick - 1) % HB_SAMPLE_COUNT];

    if (prev != 0) {
        const ULONGLONG expected = (ULONGLONG)s_PeriodMs * 10000;
        const ULONGLONG delta = now - prev;
        const ULONGLONG jitter = delta > expected ? delta - expected : expected - delta;
        if (jitter > s_MaxJitter) {
            s_MaxJitter = jitter;
        }
    }
    s_Samples[tick % HB_SAMPLE_COUNT] = now;

    if ((tick % 60) == 0) {
        HB_LOG("still alive, tick %ld, max jitter %I64u00ns\n", tick, s_MaxJitter);
    }
}

bool Heartbeat::Start(ULONG periodMs)
{
    if (s_Running) {
        return true;
    }
    if (periodMs < 10 || periodMs > 60000) {
        periodMs = HB_DEFAULT_PERIOD_MS;
    }

    s_Samples = new (NonPagedPoolNx) ULONGLONG[HB_SAMPLE_COUNT];
    if (!s_Samples) {
        HB_LOG("no memory for samples\n");
        return false;
    }

    s_PeriodMs = periodMs;
    s_Ticks = 0;
    s_MaxJitter = 0;

    KeInitializeTimerEx(&s_Timer, SynchronizationTimer);
    KeInitializeDpc(&s_Dpc, TimerDpc, nullptr);

    LARGE_INTEGER due;
    due.QuadPart = -(LONGLONG)periodMs * 10000;     // relative
    KeSetTimerEx(&s_Timer, due, (LONG)periodMs, &s_Dpc);

    s_Running = true;
    HB_LOG("started, period %lu ms\n", periodMs);
    return true;
}

void Heartbeat::Stop()
{
    if (!s_Running) {
        return;
    }
    s_Running = false;

    delete[] s_Samples;
    s_Samples = nullptr;

    KeCancelTimer(&s_Timer);
    KeFlushQueuedDpcs();        // make sure TimerDpc is not running anywhere

    HB_LOG("stopped after %ld ticks\n", s_Ticks);
}

void Heartbeat::Snapshot(HB_STATS* out)
{
    RtlZeroMemory(out, sizeof(*out));
    out->PeriodMs = s_PeriodMs;
    out->Ticks = (ULONG)s_Ticks;
    out->MaxJitter100ns = s_MaxJitter;
    if (s_Running && s_Samples && s_Ticks > 0) {
        out->LastInterruptTime = s_Samples[s_Ticks % HB_SAMPLE_COUNT];
    }
}
