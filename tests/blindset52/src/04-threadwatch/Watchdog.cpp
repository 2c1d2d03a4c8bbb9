#include "Watchdog.h"

namespace tw {

WatchContext* Watchdog::s_Ctx    = nullptr;
HANDLE        Watchdog::s_Thread = nullptr;

void Watchdog::OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    if (!Create) {
        return;
    }

    HANDLE creator = PsGetCurrentProcessId();
    // same process, or the kernel / System spinning up workers: not remote
    if (creator == ProcessId || HandleToULong(creator) <= 4) {
        return;
    }

    // note: the first thread of a brand new process is created from the
    // parent's context and lands here too; the user-mode side drops those
    // by matching against the process-create time.
    WatchContext* ctx = s_Ctx;
    KIRQL irql;
    KeAcquireSpinLock(&ctx->RingLock, &irql);
    ULONG next = (ctx->Head + 1) & (kRingSize - 1);
    if (next == ctx->Tail) {
        ctx->Dropped++;
    } else {
        auto& ev = ctx->Ring[ctx->Head];
        ev.CreatorPid = creator;
        ev.TargetPid  = ProcessId;
        ev.ThreadId   = ThreadId;
        KeQuerySystemTime(&ev.Time);
        ctx->Head = next;
        ctx->Total++;
    }
    KeReleaseSpinLock(&ctx->RingLock, irql);

    KeSetEvent(&ctx->WorkEvent, IO_NO_INCREMENT, FALSE);
}

void Watchdog::Drain(WatchContext* ctx)
{
    auto nameOf = [](HANDLE pid, PCHAR out, SIZE_T outLen) {
        PEPROCESS process = nullptr;
        out[0] = '\0';
        if (NT_SUCCESS(PsLookupProcessByProcessId(pid, &process))) {
            RtlStringCbCopyNA(out, outLen, PsGetProcessImageFileName(process), 15);
            ObDereferenceObject(process);
        }
    };

    for (;;) {
        RemoteThreadEvent ev;
        KIRQL irql;
        KeAcquireSpinLock(&ctx->RingLock, &irql);
        if (ctx->Tail == ctx->Head) {
            KeReleaseSpinLock(&ctx->RingLock, irql);
            break;
        }
        ev = ctx->Ring[ctx->Tail];
        ctx->Tail = (ctx->Tail + 1) & (kRingSize - 1);
        KeReleaseSpinLock(&ctx->RingLock, irql);

        CHAR creator[16], target[16];
        nameOf(ev.CreatorPid, creator, sizeof(creator));
        nameOf(ev.TargetPid, target, sizeof(target));

        TW_ALERT("remote thread %p: %s (%p) -> %s (%p)",
                 ev.ThreadId, creator, ev.CreatorPid, target, ev.TargetPid);
    }
}

void Watchdog::WorkerMain(PVOID Context)
{
    auto ctx = static_cast<WatchContext*>(Context);
    PVOID objects[2] = { &ctx->StopEvent, &ctx->WorkEvent };
    LARGE_INTEGER timeout;
    timeout.QuadPart = -10000LL * kPollMs;

    TW_LOG("worker up");
    for (;;) {
        NTSTATUS status = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode,
                                                   FALSE, &timeout, nullptr);
        if (status == STATUS_WAIT_0) {
            break;
        }
        Drain(ctx);
    }

    if (ctx->Dropped) {
        TW_WARN("%lu events dropped (ring full)", ctx->Dropped);
    }
    TW_LOG("worker exiting, %lu remote threads seen", ctx->Total);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS Watchdog::Start()
{
    s_Ctx = static_cast<WatchContext*>(
        ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(WatchContext), kTag));

    KeInitializeEvent(&s_Ctx->StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&s_Ctx->WorkEvent, SynchronizationEvent, FALSE);
    KeInitializeSpinLock(&s_Ctx->RingLock);

    NTSTATUS status = PsSetCreateThreadNotifyRoutine(OnThreadNotify);
    if (!NT_SUCCESS(status)) {
        TW_ERR("PsSetCreateThreadNotifyRoutine failed 0x%08X", status);
        ExFreePoolWithTag(s_Ctx, kTag);
        s_Ctx = nullptr;
        return status;
    }

    OBJECT_ATTRIBUTES oa;
    InitializeObjectAttributes(&oa, nullptr, OBJ_KERNEL_HANDLE, nullptr, nullptr);
    status = PsCreateSystemThread(&s_Thread, THREAD_ALL_ACCESS, &oa, nullptr, nullptr,
                                  WorkerMain, s_Ctx);
    if (!NT_SUCCESS(status)) {
        TW_ERR("PsCreateSystemThread failed 0x%08X", status);
        PsRemoveCreateThreadNotifyRoutine(OnThreadNotify);
        ExFreePoolWithTag(s_Ctx, kTag);
        s_Ctx = nullptr;
        return status;
    }

    return STATUS_SUCCESS;
}

void Watchdog::Stop()
{
    // no new events after this returns
    PsRemoveCreateThreadNotifyRoutine(OnThreadNotify);

    // worker sees the stop event on its next wait and terminates itself
    KeSetEvent(&s_Ctx->StopEvent, IO_NO_INCREMENT, FALSE);
    ZwClose(s_Thread);
    s_Thread = nullptr;

    ExFreePoolWithTag(s_Ctx, kTag);
    s_Ctx = nullptr;
}

} // namespace tw
