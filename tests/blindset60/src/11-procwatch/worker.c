/*
 * ProcWatch - worker.c
 *
 * Wakes up on WakeEvent, sleeps PW_COALESCE_MS so a burst of records turns
 * into one wakeup, then sets the named event for the app.
 */
#include "procwatch.h"

static KSTART_ROUTINE PwWorker;

static VOID
PwWorker(
    _In_ PVOID Context
    )
{
    PVOID         objects[2];
    LARGE_INTEGER coalesce;
    NTSTATUS      status;

    UNREFERENCED_PARAMETER(Context);

    objects[0] = &g_Pw.StopEvent;
    objects[1] = &g_Pw.WakeEvent;
    coalesce.QuadPart = -10000LL * PW_COALESCE_MS;

    for (;;) {
        status = KeWaitForMultipleObjects(2, objects, WaitAny, Executive, KernelMode,
                                          FALSE, NULL, NULL);
        if (status == STATUS_WAIT_0) {
            break;                                     // stop
        }

        // let the burst finish; a stop during the sleep ends it early
        status = KeWaitForSingleObject(&g_Pw.StopEvent, Executive, KernelMode, FALSE, &coalesce);
        if (status == STATUS_SUCCESS) {
            break;
        }

        KeSetEvent(g_Pw.UserEvent, IO_NO_INCREMENT, FALSE);
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
PwStartWorker(VOID)
{
    HANDLE   thread;
    NTSTATUS status;

    KeClearEvent(&g_Pw.StopEvent);

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, NULL, NULL, NULL, PwWorker, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       (PVOID*)&g_Pw.Worker, NULL);
    if (!NT_SUCCESS(status)) {
        // can't track it: stop it and wait on the handle instead
        KeSetEvent(&g_Pw.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, NULL);
        ZwClose(thread);
        g_Pw.Worker = NULL;
        return status;
    }

    ZwClose(thread);
    return STATUS_SUCCESS;
}

VOID
PwStopWorker(VOID)
{
    if (g_Pw.Worker == NULL) {
        return;
    }

    KeSetEvent(&g_Pw.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Pw.Worker, Executive, KernelMode, FALSE, NULL);

    ObDereferenceObject(g_Pw.Worker);
    g_Pw.Worker = NULL;
}
