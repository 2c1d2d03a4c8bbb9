/*
 * stats.c - periodic timer + worker thread
 */
#include "kbdsniff.h"

static KDEFERRED_ROUTINE KsTimerDpc;
static KSTART_ROUTINE    KsWorker;

static VOID KsTimerDpc(PKDPC Dpc, PVOID Context, PVOID Arg1, PVOID Arg2)
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(Context);
    UNREFERENCED_PARAMETER(Arg1);
    UNREFERENCED_PARAMETER(Arg2);

    /* DISPATCH_LEVEL: just wake the worker */
    KeSetEvent(&KsState.TickEvent, IO_NO_INCREMENT, FALSE);
}

static VOID KsWorker(PVOID Context)
{
    PVOID objects[2];
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Context);

    objects[0] = &KsState.StopEvent;
    objects[1] = &KsState.TickEvent;

    for (;;) {
        LONG downs, ups;

        status = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode,
                                          FALSE, NULL, NULL);
        if (status != STATUS_WAIT_1)
            break;

        downs = InterlockedExchange(&KsState.KeyDowns, 0);
        ups = InterlockedExchange(&KsState.KeyUps, 0);
        if (downs || ups) {
            KS_LOG("%ld keys / %u s (%ld releases)", downs, KS_PERIOD_MS / 1000, ups);
        }
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS KsStartWorker(VOID)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE handle;
    NTSTATUS status;

    KeInitializeEvent(&KsState.StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&KsState.TickEvent, SynchronizationEvent, FALSE);

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, &oa, NULL, NULL, KsWorker, NULL);
    if (!NT_SUCCESS(status)) {
        KS_LOG("PsCreateSystemThread failed 0x%08X", status);
        return status;
    }

    status = ObReferenceObjectByHandle(handle, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       (PVOID *)&KsState.Worker, NULL);
    if (!NT_SUCCESS(status)) {
        /* cannot wait on it later: stop it now while we still have the handle */
        KeSetEvent(&KsState.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(handle, FALSE, NULL);
        KsState.Worker = NULL;
    }

    ZwClose(handle);
    return status;
}

VOID KsStopWorker(VOID)
{
    if (KsState.Worker == NULL)
        return;

    KeSetEvent(&KsState.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(KsState.Worker, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(KsState.Worker);
    KsState.Worker = NULL;
}

VOID KsStartTimer(VOID)
{
    LARGE_INTEGER due;

    KeInitializeTimer(&KsState.Timer);
    KeInitializeDpc(&KsState.TimerDpc, KsTimerDpc, NULL);

    due.QuadPart = -10000LL * KS_PERIOD_MS;
    KeSetTimerEx(&KsState.Timer, due, KS_PERIOD_MS, &KsState.TimerDpc);
    KsState.TimerArmed = TRUE;
}

VOID KsStopTimer(VOID)
{
    if (!KsState.TimerArmed)
        return;

    KeCancelTimer(&KsState.Timer);
    /* a DPC may already be queued or running on another CPU */
    KeFlushQueuedDpcs();
    KsState.TimerArmed = FALSE;
}
