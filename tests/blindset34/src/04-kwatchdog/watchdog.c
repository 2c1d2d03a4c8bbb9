#include "kwd.h"

static KDEFERRED_ROUTINE KwdTimerDpc;

VOID KwdInitContext(PKWD_CONTEXT Ctx)
{
    RtlZeroMemory(Ctx, sizeof(*Ctx));
    RtlInitUnicodeString(&Ctx->SymLink, KWD_LINK);

    KeInitializeEvent(&Ctx->TickEvent, SynchronizationEvent, FALSE);
    KeInitializeEvent(&Ctx->StopEvent, NotificationEvent, FALSE);
    KeInitializeSpinLock(&Ctx->Lock);

    Ctx->TimeoutSec = KWD_DEFAULT_TIMEOUT_SEC;
    KeQuerySystemTime(&Ctx->LastPing);
}

/* DPC just kicks the thread, all the real work happens at PASSIVE_LEVEL */
static VOID KwdTimerDpc(PKDPC Dpc, PVOID DeferredContext, PVOID Arg1, PVOID Arg2)
{
    PKWD_CONTEXT ctx = (PKWD_CONTEXT)DeferredContext;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);

    KeSetEvent(&ctx->TickEvent, IO_NO_INCREMENT, FALSE);
}

VOID KwdStartTimer(PKWD_CONTEXT Ctx)
{
    LARGE_INTEGER due;

    KeInitializeTimerEx(&Ctx->Timer, NotificationTimer);
    KeInitializeDpc(&Ctx->Dpc, KwdTimerDpc, Ctx);

    due.QuadPart = -10000LL * KWD_TICK_MS;     /* relative, 100ns units */
    KeSetTimerEx(&Ctx->Timer, due, KWD_TICK_MS, &Ctx->Dpc);
}

VOID KwdPing(PKWD_CONTEXT Ctx)
{
    KIRQL irql;

    KeAcquireSpinLock(&Ctx->Lock, &irql);
    KeQuerySystemTime(&Ctx->LastPing);
    if (Ctx->Reported) {
        Ctx->Reported = FALSE;
        KDBG("service is alive again");
    }
    KeReleaseSpinLock(&Ctx->Lock, irql);
}

static VOID KwdCheck(PKWD_CONTEXT Ctx)
{
    LARGE_INTEGER now;
    LONGLONG elapsedSec;
    BOOLEAN report = FALSE;
    KIRQL irql;

    KeQuerySystemTime(&now);

    KeAcquireSpinLock(&Ctx->Lock, &irql);
    elapsedSec = (now.QuadPart - Ctx->LastPing.QuadPart) / 10000000LL;
    if (elapsedSec > (LONGLONG)Ctx->TimeoutSec && !Ctx->Reported) {
        Ctx->Reported = TRUE;
        report = TRUE;
    }
    KeReleaseSpinLock(&Ctx->Lock, irql);

    if (report) {
        InterlockedIncrement(&Ctx->Missed);
        KDBG("no ping for %I64d seconds, service hung?", elapsedSec);
    }
}

VOID KwdThread(PVOID StartContext)
{
    PKWD_CONTEXT ctx = (PKWD_CONTEXT)StartContext;
    PVOID waitObjects[2];
    NTSTATUS status;

    waitObjects[0] = &ctx->StopEvent;
    waitObjects[1] = &ctx->TickEvent;

    KDBG("watch thread running");

    for (;;) {
        status = KeWaitForMultipleObjects(2, waitObjects, WaitAny, Executive, KernelMode,
                                          FALSE, NULL, NULL);
        if (status == STATUS_WAIT_0) {
            break;
        }
        if (status == STATUS_WAIT_1) {
            KwdCheck(ctx);
        }
    }

    KDBG("watch thread exiting");
    PsTerminateSystemThread(STATUS_SUCCESS);
}
