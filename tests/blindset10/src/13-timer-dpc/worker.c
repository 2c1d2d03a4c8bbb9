/*
 * worker.c - the DPC and the work item it queues
 */
#include "timerdemo.h"

VOID
TdDpcRoutine(PKDPC Dpc, PVOID DeferredContext, PVOID SystemArgument1, PVOID SystemArgument2)
{
    PTD_STATE st = (PTD_STATE)DeferredContext;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    InterlockedIncrement(&st->Counters.DpcCount);

    /* one work item in flight at a time; skip the tick if it is still busy */
    if (InterlockedCompareExchange(&st->WorkQueued, 1, 0) == 0) {
        IoQueueWorkItem(st->WorkItem, TdWorkRoutine, DelayedWorkQueue, st);
    } else {
        InterlockedIncrement(&st->Counters.WorkSkipped);
    }
}

VOID
TdWorkRoutine(PDEVICE_OBJECT DeviceObject, PVOID Context)
{
    PTD_STATE st = (PTD_STATE)Context;
    LARGE_INTEGER now;

    UNREFERENCED_PARAMETER(DeviceObject);

    /* PASSIVE_LEVEL here, could touch files or the registry */
    KeQuerySystemTime(&now);
    st->Counters.LastWorkTime = now;
    InterlockedIncrement(&st->Counters.WorkCount);

    if ((st->Counters.WorkCount % 20) == 0) {
        TD_LOG("%ld dpcs, %ld work items, %ld skipped\n",
               st->Counters.DpcCount, st->Counters.WorkCount, st->Counters.WorkSkipped);
    }

    InterlockedExchange(&st->WorkQueued, 0);
}
