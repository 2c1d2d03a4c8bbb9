// the background thread for KWorker

#include <ntddk.h>
#include "10-worker-thread.h"

WORKER_STATE g_Worker;

static VOID WorkerRoutine(PVOID Context)
{
    WORKER_STATE* st = (WORKER_STATE*)Context;
    LARGE_INTEGER interval;
    NTSTATUS status;

    interval.QuadPart = -20000000LL; // 2s

    for (;;) {
        status = KeWaitForSingleObject(&st->StopEvent, Executive, KernelMode, FALSE, &interval);
        if (status == STATUS_SUCCESS)
            break;
        InterlockedIncrement(&st->Loops);
    }
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS StartWorker(void)
{
    HANDLE hThread;
    NTSTATUS status;

    KeInitializeEvent(&g_Worker.StopEvent, NotificationEvent, FALSE);
    g_Worker.Loops = 0;

    status = PsCreateSystemThread(&hThread, THREAD_ALL_ACCESS, NULL, NULL, NULL,
                                  WorkerRoutine, &g_Worker);
    if (!NT_SUCCESS(status))
        return status;

    status = ObReferenceObjectByHandle(hThread, THREAD_ALL_ACCESS, *PsThreadType,
                                       KernelMode, (PVOID*)&g_Worker.Thread, NULL);
    if (!NT_SUCCESS(status)) {
        // should not happen, thread handle is ours. stop it and wait for it anyway
        KeSetEvent(&g_Worker.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(hThread, FALSE, NULL);
        ZwClose(hThread);
        g_Worker.Thread = NULL;
        return status;
    }
    ZwClose(hThread);
    return STATUS_SUCCESS;
}

VOID StopWorker(void)
{
    if (g_Worker.Thread) {
        KeSetEvent(&g_Worker.StopEvent, IO_NO_INCREMENT, FALSE);
        KeWaitForSingleObject(g_Worker.Thread, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(g_Worker.Thread);
        g_Worker.Thread = NULL;
    }
}
