/*
 * tick_timer.c - the periodic timer, its DPC and the passive-level work.
 *
 * Every period the DPC fires; it cannot touch paged memory or wait, so it
 * hands the "real" work to an IO_WORKITEM. Only one work item is in flight
 * at a time; ticks that arrive while it is busy are counted as skipped.
 */
#include "tick.h"

TICK_STATE g_Tick;

static IO_WORKITEM_ROUTINE TickWork;
static KDEFERRED_ROUTINE TickDpc;

static VOID TickWork(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    LARGE_INTEGER now;
    TIME_FIELDS tf;

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    KeQuerySystemTime(&now);
    ExSystemTimeToLocalTime(&now, &now);
    RtlTimeToTimeFields(&now, &tf);
    KdPrint(("tick: work item at %02d:%02d:%02d (dpc %ld)\n",
             tf.Hour, tf.Minute, tf.Second, g_Tick.Counters.Dpcs));

    InterlockedIncrement(&g_Tick.Counters.WorkItems);
    InterlockedExchange(&g_Tick.WorkBusy, 0);
    KeSetEvent(&g_Tick.WorkIdle, IO_NO_INCREMENT, FALSE);
}

static VOID TickDpc(PKDPC Dpc, PVOID DeferredContext, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeferredContext);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);

    InterlockedIncrement(&g_Tick.Counters.Dpcs);

    if (InterlockedCompareExchange(&g_Tick.WorkBusy, 1, 0) != 0) {
        InterlockedIncrement(&g_Tick.Counters.Skipped);
        return;
    }
    KeClearEvent(&g_Tick.WorkIdle);
    IoQueueWorkItem(g_Tick.WorkItem, TickWork, DelayedWorkQueue, NULL);
}

NTSTATUS TickStart(PDEVICE_OBJECT DeviceObject)
{
    LARGE_INTEGER due;

    RtlZeroMemory(&g_Tick.Counters, sizeof(g_Tick.Counters));
    g_Tick.WorkBusy = 0;
    KeInitializeEvent(&g_Tick.WorkIdle, NotificationEvent, TRUE);

    g_Tick.WorkItem = IoAllocateWorkItem(DeviceObject);
    if (g_Tick.WorkItem == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    KeInitializeDpc(&g_Tick.Dpc, TickDpc, NULL);
    KeInitializeTimerEx(&g_Tick.Timer, NotificationTimer);

    due.QuadPart = -10LL * 1000 * TICK_PERIOD_MS;
    KeSetTimerEx(&g_Tick.Timer, due, TICK_PERIOD_MS, &g_Tick.Dpc);
    return STATUS_SUCCESS;
}

VOID TickStop(VOID)
{
    /* order matters: no new DPCs, wait out a running one, then the work item */
    KeCancelTimer(&g_Tick.Timer);
    KeFlushQueuedDpcs();
    KeWaitForSingleObject(&g_Tick.WorkIdle, Executive, KernelMode, FALSE, NULL);

    if (g_Tick.WorkItem != NULL) {
        IoFreeWorkItem(g_Tick.WorkItem);
        g_Tick.WorkItem = NULL;
    }
}
