// Worker.cpp - timer, DPC and the worker thread
#include "pulse.h"

namespace pulse {

KTIMER          Pulse::s_Timer;
KDPC            Pulse::s_Dpc;
KEVENT          Pulse::s_TickEvent;
KEVENT          Pulse::s_StopEvent;
PETHREAD        Pulse::s_Thread = nullptr;
KSPIN_LOCK      Pulse::s_StatsLock;
PULSE_STATS     Pulse::s_Stats;
volatile LONG64 Pulse::s_LastDpcTime = 0;
bool            Pulse::s_Started = false;

void Pulse::TimerDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);

    InterlockedExchange64(&s_LastDpcTime, static_cast<LONG64>(KeQueryInterruptTime()));

    KeAcquireSpinLockAtDpcLevel(&s_StatsLock);
    s_Stats.Ticks++;
    KeReleaseSpinLockFromDpcLevel(&s_StatsLock);

    KeSetEvent(&s_TickEvent, IO_NO_INCREMENT, FALSE);
}

void Pulse::ThreadMain(PVOID Context)
{
    UNREFERENCED_PARAMETER(Context);
    PVOID waits[] = { &s_StopEvent, &s_TickEvent };

    PLOG("worker running at %p", PsGetCurrentThread());

    for (;;) {
        NTSTATUS st = KeWaitForMultipleObjects(ARRAYSIZE(waits), waits, WaitAny, Executive,
                                               KernelMode, FALSE, nullptr, nullptr);
        if (st == STATUS_WAIT_0) {
            break;
        }

        ULONGLONG now = KeQueryInterruptTime();
        ULONGLONG latency = now - static_cast<ULONGLONG>(InterlockedCompareExchange64(&s_LastDpcTime, 0, 0));

        KIRQL irql;
        KeAcquireSpinLock(&s_StatsLock, &irql);
        s_Stats.Handled++;
        s_Stats.TotalLatency100ns += latency;
        if (latency > s_Stats.MaxLatency100ns) {
            s_Stats.MaxLatency100ns = latency;
        }
        KeReleaseSpinLock(&s_StatsLock, irql);
    }

    PLOG("%s", "worker leaving");
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS Pulse::Start(ULONG PeriodMs)
{
    NT_ASSERT(!s_Started);

    RtlZeroMemory(&s_Stats, sizeof(s_Stats));
    s_Stats.PeriodMs = PeriodMs;
    KeInitializeSpinLock(&s_StatsLock);
    KeInitializeEvent(&s_TickEvent, SynchronizationEvent, FALSE);
    KeInitializeEvent(&s_StopEvent, NotificationEvent, FALSE);
    KeInitializeTimerEx(&s_Timer, NotificationTimer);
    KeInitializeDpc(&s_Dpc, TimerDpc, nullptr);

    HANDLE h = nullptr;
    NTSTATUS status = PsCreateSystemThread(&h, THREAD_ALL_ACCESS, nullptr, nullptr, nullptr,
                                           ThreadMain, nullptr);
    if (!NT_SUCCESS(status)) {
        PERR("PsCreateSystemThread 0x%08X", status);
        return status;
    }

    status = ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       reinterpret_cast<PVOID*>(&s_Thread), nullptr);
    if (!NT_SUCCESS(status)) {
        // still have the handle, use it to get the thread out again
        PERR("ObReferenceObjectByHandle 0x%08X", status);
        KeSetEvent(&s_StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(h, FALSE, nullptr);
        ZwClose(h);
        s_Thread = nullptr;
        return status;
    }
    ZwClose(h);

    // thread is waiting, now start feeding it
    LARGE_INTEGER due;
    due.QuadPart = -10000LL * PeriodMs;
    KeSetTimerEx(&s_Timer, due, static_cast<LONG>(PeriodMs), &s_Dpc);

    s_Started = true;
    return STATUS_SUCCESS;
}

void Pulse::Stop()
{
    if (!s_Started) {
        return;
    }

    // timer first, then any DPC already queued, then the thread it wakes
    KeCancelTimer(&s_Timer);
    KeFlushQueuedDpcs();

    KeSetEvent(&s_StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(s_Thread, Executive, KernelMode, FALSE, nullptr);
    ObDereferenceObject(s_Thread);
    s_Thread = nullptr;

    s_Started = false;
}

void Pulse::Query(PULSE_STATS* Out)
{
    KIRQL irql;
    KeAcquireSpinLock(&s_StatsLock, &irql);
    *Out = s_Stats;
    KeReleaseSpinLock(&s_StatsLock, irql);
}

} // namespace pulse
