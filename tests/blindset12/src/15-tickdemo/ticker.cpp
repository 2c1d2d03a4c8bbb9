#include "ticker.h"

namespace tick {

KTIMER       Ticker::s_Timer;
KDPC         Ticker::s_Dpc;
PIO_WORKITEM Ticker::s_Work = nullptr;
TickContext* Ticker::s_Ctx = nullptr;

// DISPATCH_LEVEL: count, and every 5th tick push the slow part to a work item
VOID Ticker::OnTimer(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);

    auto ctx = static_cast<TickContext*>(Context);
    auto n = InterlockedIncrement(&ctx->Ticks);

    if (n % 5 == 0 && InterlockedCompareExchange(&ctx->WorkBusy, 1, 0) == 0) {
        KeClearEvent(&ctx->WorkIdle);
        IoQueueWorkItem(s_Work, OnWork, DelayedWorkQueue, ctx);
    }
}

// PASSIVE_LEVEL
VOID Ticker::OnWork(PDEVICE_OBJECT Device, PVOID Context)
{
    UNREFERENCED_PARAMETER(Device);
    auto ctx = static_cast<TickContext*>(Context);

    KeQuerySystemTimePrecise(&ctx->LastWork);
    auto runs = InterlockedIncrement(&ctx->WorkRuns);
    KdPrint(("tick: work #%ld at tick %ld\n", runs, ctx->Ticks));

    InterlockedExchange(&ctx->WorkBusy, 0);
    KeSetEvent(&ctx->WorkIdle, IO_NO_INCREMENT, FALSE);
}

NTSTATUS Ticker::Start(PDEVICE_OBJECT Device, TickContext* Ctx)
{
    s_Work = IoAllocateWorkItem(Device);
    if (!s_Work) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    s_Ctx = Ctx;
    KeInitializeEvent(&Ctx->WorkIdle, NotificationEvent, TRUE);
    KeInitializeDpc(&s_Dpc, OnTimer, Ctx);
    KeInitializeTimerEx(&s_Timer, NotificationTimer);

    LARGE_INTEGER due;
    due.QuadPart = -10LL * 1000 * kPeriodMs;
    KeSetTimerEx(&s_Timer, due, kPeriodMs, &s_Dpc);
    return STATUS_SUCCESS;
}

void Ticker::WaitForWork()
{
    if (s_Ctx) {
        KeWaitForSingleObject(&s_Ctx->WorkIdle, Executive, KernelMode, FALSE, nullptr);
    }
}

} // namespace tick
