/*
 * worker.c - background system thread that updates the shared page
 */
#include "hello.h"

static KSTART_ROUTINE HelloWorker;

static VOID
HelloWorker(_In_ PVOID Context)
{
    PHELLO_SHARED shared = (PHELLO_SHARED)Context;
    LARGE_INTEGER timeout;
    NTSTATUS status;

    timeout.QuadPart = -10LL * 1000 * WORKER_PERIOD_MS;   /* relative, 100ns units */

    LOG("worker started for %wZ", &g_Hello.RegistryPath);

    for (;;) {
        status = KeWaitForSingleObject(&g_Hello.StopEvent, Executive, KernelMode,
                                       FALSE, &timeout);
        if (status == STATUS_SUCCESS) {
            break;          /* stop requested */
        }

        InterlockedIncrement64(&shared->Ticks);

        if ((shared->Ticks % 60) == 0) {
            LOG("%wZ: %lld ticks, %ld pings", &g_Hello.RegistryPath,
                shared->Ticks, shared->Pings);
        }
    }

    LOG("worker exiting");
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
WorkerStart(VOID)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE threadHandle = NULL;
    NTSTATUS status;

    KeInitializeEvent(&g_Hello.StopEvent, NotificationEvent, FALSE);

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);

    status = PsCreateSystemThread(&threadHandle, THREAD_ALL_ACCESS, &oa, NULL, NULL,
                                  HelloWorker, g_Hello.ShmBase);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(threadHandle, SYNCHRONIZE, *PsThreadType,
                                       KernelMode, (PVOID *)&g_Hello.WorkerThread, NULL);
    if (!NT_SUCCESS(status)) {
        /* can't track it - ask it to quit and wait on the handle instead */
        KeSetEvent(&g_Hello.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(threadHandle, FALSE, NULL);
        ZwClose(threadHandle);
        g_Hello.WorkerThread = NULL;
        return status;
    }

    ZwClose(threadHandle);
    return STATUS_SUCCESS;
}

VOID
WorkerStop(VOID)
{
    if (g_Hello.WorkerThread == NULL) {
        return;
    }

    /* worker polls the event every WORKER_PERIOD_MS and leaves on its own */
    KeSetEvent(&g_Hello.StopEvent, IO_NO_INCREMENT, FALSE);

    ObDereferenceObject(g_Hello.WorkerThread);
    g_Hello.WorkerThread = NULL;
}
