#include "timerdemo.h"

VOID
TdTimerDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    PTD_GLOBALS td = (PTD_GLOBALS)DeferredContext;
    LONG ticks;

    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    if (td == NULL) {
        return;
    }

    ticks = InterlockedIncrement(&td->Ticks);
    if ((ticks % TD_WORK_EVERY) != 0) {
        return;
    }

    /* at most one work item in flight */
    if (InterlockedCompareExchange(&td->WorkQueued, 1, 0) == 0) {
        KeClearEvent(&td->WorkIdle);
        IoQueueWorkItem(td->WorkItem, TdWorkRoutine, DelayedWorkQueue, td);
    }
}

VOID
TdWorkRoutine(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_opt_ PVOID Context
    )
{
    PTD_GLOBALS td = (PTD_GLOBALS)Context;
    LARGE_INTEGER now;
    TIME_FIELDS tf;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (td == NULL) {
        return;
    }

    InterlockedIncrement(&td->WorkRuns);

    if (td->Verbose) {
        KeQuerySystemTime(&now);
        ExSystemTimeToLocalTime(&now, &now);
        RtlTimeToTimeFields(&now, &tf);
        DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "TimerDemo: %02d:%02d:%02d tick %ld, work run %ld\n",
                   tf.Hour, tf.Minute, tf.Second, td->Ticks, td->WorkRuns);
    }

    InterlockedExchange(&td->WorkQueued, 0);
    KeSetEvent(&td->WorkIdle, IO_NO_INCREMENT, FALSE);
}
