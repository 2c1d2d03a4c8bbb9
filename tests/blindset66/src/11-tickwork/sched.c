//
// sched.c - timer/DPC, work item and worker thread
//
#include "tickwork.h"

static KDEFERRED_ROUTINE   TwTimerDpc;
static IO_WORKITEM_ROUTINE TwWorkRoutine;
static KSTART_ROUTINE      TwThreadMain;

//
// DISPATCH_LEVEL: count, and hand off to a work item if none is in flight
//
static VOID
TwTimerDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeferredContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    InterlockedIncrement(&g_Tw.Ticks);

    if (g_Tw.Stopping) {
        return;
    }

    if (InterlockedCompareExchange(&g_Tw.WorkQueued, 1, 0) == 0) {
        KeClearEvent(&g_Tw.WorkIdle);
        IoQueueWorkItem(g_Tw.WorkItem, TwWorkRoutine, DelayedWorkQueue, NULL);
    }
}

//
// PASSIVE_LEVEL, system worker thread
//
static VOID
TwWorkRoutine(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_opt_ PVOID Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    InterlockedExchange(&g_Tw.SnapshotTicks, g_Tw.Ticks);
    KeSetEvent(&g_Tw.KickEvent, IO_NO_INCREMENT, FALSE);

    // idle first, then allow the next queue: the DPC can't re-queue until
    // WorkQueued drops, so WorkIdle is never left signaled with an item queued
    KeSetEvent(&g_Tw.WorkIdle, IO_NO_INCREMENT, FALSE);
    InterlockedExchange(&g_Tw.WorkQueued, 0);
}

static VOID
TwThreadMain(
    _In_ PVOID StartContext
    )
{
    PVOID objects[2];
    NTSTATUS wait;
    TW_CONFIG cfg;

    UNREFERENCED_PARAMETER(StartContext);

    objects[0] = &g_Tw.StopEvent;
    objects[1] = &g_Tw.KickEvent;

    for (;;) {
        wait = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode,
                                        FALSE, NULL, NULL);
        if (wait == STATUS_WAIT_0) {
            break;
        }

        g_Tw.Runs++;

        // pick up Verbose changes without a reload
        if (NT_SUCCESS(TwReadConfig(&g_Tw.RegPath, &cfg))) {
            g_Tw.Config.Verbose = cfg.Verbose;
        }

        if (g_Tw.Config.Verbose) {
            TW_INFO("run %lu: %ld ticks", g_Tw.Runs, g_Tw.SnapshotTicks);
        }
    }

    TW_INFO("worker thread exiting after %lu runs", g_Tw.Runs);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
TwStartThread(VOID)
{
    NTSTATUS status;
    HANDLE h = NULL;
    OBJECT_ATTRIBUTES oa;

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);

    status = PsCreateSystemThread(&h, THREAD_ALL_ACCESS, &oa, NULL, NULL, TwThreadMain, NULL);
    if (!NT_SUCCESS(status)) {
        TW_ERROR("PsCreateSystemThread 0x%08X", status);
        return status;
    }

    status = ObReferenceObjectByHandle(h, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       (PVOID*)&g_Tw.Thread, NULL);
    if (!NT_SUCCESS(status)) {
        // can't keep a pointer; stop it through the handle instead
        TW_ERROR("ObReferenceObjectByHandle 0x%08X", status);
        KeSetEvent(&g_Tw.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(h, FALSE, NULL);
        ZwClose(h);
        g_Tw.Thread = NULL;
        return status;
    }

    ZwClose(h);
    return STATUS_SUCCESS;
}

VOID
TwStopThread(VOID)
{
    if (g_Tw.Thread == NULL) {
        return;
    }

    KeSetEvent(&g_Tw.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Tw.Thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_Tw.Thread);
    g_Tw.Thread = NULL;
}

VOID
TwStartTimer(VOID)
{
    LARGE_INTEGER due;

    KeInitializeTimerEx(&g_Tw.Timer, NotificationTimer);
    KeInitializeDpc(&g_Tw.Dpc, TwTimerDpc, NULL);

    due.QuadPart = MS_TO_RELATIVE(g_Tw.Config.IntervalMs);
    KeSetTimerEx(&g_Tw.Timer, due, (LONG)g_Tw.Config.IntervalMs, &g_Tw.Dpc);
}

//
// after this returns no DPC is running or queued and no work item is
// queued or running
//
VOID
TwStopTimerAndWork(VOID)
{
    InterlockedExchange(&g_Tw.Stopping, 1);

    KeCancelTimer(&g_Tw.Timer);
    KeFlushQueuedDpcs();

    KeWaitForSingleObject(&g_Tw.WorkIdle, Executive, KernelMode, FALSE, NULL);
}
