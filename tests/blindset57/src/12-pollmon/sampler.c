/*
 * sampler.c - timer DPC, work item and the sample list
 */
#include "pollmon.h"

VOID
PmTimerDpc(
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

    if (g_Pm.Stopping) {
        return;
    }

    /* only one work item in flight; if the last one has not run yet the
       system is busy enough that skipping a beat is the right answer */
    if (InterlockedCompareExchange(&g_Pm.WorkQueued, 1, 0) != 0) {
        return;
    }

    KeClearEvent(&g_Pm.WorkIdle);
    g_Pm.QueuedAt = KeQueryInterruptTime();
    IoQueueWorkItem(g_Pm.WorkItem, PmWorkRoutine, DelayedWorkQueue, NULL);
}

VOID
PmWorkRoutine(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_opt_ PVOID Context
    )
{
    PPM_SAMPLE sample;
    KIRQL irql;
    ULONGLONG now = KeQueryInterruptTime();

    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    sample = (PPM_SAMPLE)ExAllocateFromNPagedLookasideList(&g_Pm.SamplePool);
    if (sample != NULL) {
        sample->Data.Sequence  = ++g_Pm.Sequence;
        sample->Data.QueuedAt  = g_Pm.QueuedAt;
        sample->Data.LatencyUs = (ULONG)((now - g_Pm.QueuedAt) / 10);

        KeAcquireSpinLock(&g_Pm.Lock, &irql);
        InsertTailList(&g_Pm.Samples, &sample->Link);
        if (++g_Pm.SampleCount > PM_MAX_SAMPLES) {
            PLIST_ENTRY oldest = RemoveHeadList(&g_Pm.Samples);
            g_Pm.SampleCount--;
            ExFreeToNPagedLookasideList(&g_Pm.SamplePool, CONTAINING_RECORD(oldest, PM_SAMPLE, Link));
        }
        KeReleaseSpinLock(&g_Pm.Lock, irql);
    }

    InterlockedExchange(&g_Pm.WorkQueued, 0);
    KeSetEvent(&g_Pm.WorkIdle, IO_NO_INCREMENT, FALSE);
}

/*
 * Stops the timer and waits until no DPC or work item is left running.
 * Used by unload and by the shutdown handler. PASSIVE_LEVEL.
 */
VOID
PmStopSampling(VOID)
{
    InterlockedExchange(&g_Pm.Stopping, 1);
    KeCancelTimer(&g_Pm.Timer);
    KeFlushQueuedDpcs();
    KeWaitForSingleObject(&g_Pm.WorkIdle, Executive, KernelMode, FALSE, NULL);
}

ULONG
PmDrain(PPM_SAMPLE_OUT Out, ULONG Max)
{
    ULONG n = 0;
    KIRQL irql;

    KeAcquireSpinLock(&g_Pm.Lock, &irql);
    while (n < Max && !IsListEmpty(&g_Pm.Samples)) {
        PPM_SAMPLE s = CONTAINING_RECORD(RemoveHeadList(&g_Pm.Samples), PM_SAMPLE, Link);
        g_Pm.SampleCount--;
        Out[n++] = s->Data;
        ExFreeToNPagedLookasideList(&g_Pm.SamplePool, s);
    }
    KeReleaseSpinLock(&g_Pm.Lock, irql);
    return n;
}

VOID
PmFreeAllSamples(VOID)
{
    KIRQL irql;

    KeAcquireSpinLock(&g_Pm.Lock, &irql);
    while (!IsListEmpty(&g_Pm.Samples)) {
        PPM_SAMPLE s = CONTAINING_RECORD(RemoveHeadList(&g_Pm.Samples), PM_SAMPLE, Link);
        ExFreeToNPagedLookasideList(&g_Pm.SamplePool, s);
    }
    g_Pm.SampleCount = 0;
    KeReleaseSpinLock(&g_Pm.Lock, irql);
}
