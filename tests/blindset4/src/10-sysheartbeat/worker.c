/*
 * worker.c - the sampling thread.
 */
#include "heartbeat.h"

static KSTART_ROUTINE HbWorkerThread;

static VOID
HbWorkerThread(_In_ PVOID Context)
{
    PHB_STATE       state = (PHB_STATE)Context;
    PVOID           objects[2];
    LARGE_INTEGER   period;
    HB_SAMPLE       sample;
    EVENT_DESCRIPTOR desc;
    EVENT_DATA_DESCRIPTOR data;
    NTSTATUS        status;

    EventDescCreate(&desc, 1, 0, 0, 4 /* info */, 0, 0, 0);
    period.QuadPart = -10000LL * HB_PERIOD_MS;

    objects[0] = &state->StopEvent;
    objects[1] = &state->ResumeEvent;

    for (;;) {
        /* Paused while the system is going to sleep. */
        status = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode,
                                          FALSE, NULL, NULL);
        if (status == STATUS_WAIT_0) {
            break;
        }

        status = KeWaitForSingleObject(&state->StopEvent, Executive, KernelMode, FALSE, &period);
        if (status == STATUS_SUCCESS) {
            break;
        }

        HbStateAddSample(state, &sample);

        if (g_Hb.EtwHandle != 0) {
            EventDataDescCreate(&data, &sample, sizeof(sample));
            EtwWrite(g_Hb.EtwHandle, &desc, NULL, 1, &data);
        }
    }

    /* The thread's reference, taken by HbStartWorker. */
    HbStateDereference(state);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
HbStartWorker(_In_ PHB_STATE State)
{
    HANDLE              threadHandle;
    OBJECT_ATTRIBUTES   oa;
    NTSTATUS            status;

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);

    HbStateReference(State);            /* handed to the thread */

    status = PsCreateSystemThread(&threadHandle, THREAD_ALL_ACCESS, &oa, NULL, NULL,
                                  HbWorkerThread, State);
    if (!NT_SUCCESS(status)) {
        HbStateDereference(State);      /* the thread never ran */
        return status;
    }

    status = ObReferenceObjectByHandle(threadHandle, THREAD_ALL_ACCESS, *PsThreadType,
                                       KernelMode, (PVOID *)&g_Hb.WorkerThread, NULL);
    if (!NT_SUCCESS(status)) {
        //
        // Without the object we could not wait for the thread at unload,
        // so stop it now and wait on the handle before failing. The
        // thread drops its own state reference on the way out.
        //
        g_Hb.WorkerThread = NULL;
        KeSetEvent(&State->StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(threadHandle, FALSE, NULL);
        ZwClose(threadHandle);
        return status;
    }

    ZwClose(threadHandle);
    return STATUS_SUCCESS;
}

VOID
HbStopWorker(VOID)
{
    if (g_Hb.WorkerThread == NULL) {
        return;
    }

    KeSetEvent(&g_Hb.State->StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Hb.WorkerThread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_Hb.WorkerThread);
    g_Hb.WorkerThread = NULL;
}
