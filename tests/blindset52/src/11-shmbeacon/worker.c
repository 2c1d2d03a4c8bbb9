/*
 * worker.c - heartbeat thread
 */
#include "beacon.h"

static KSTART_ROUTINE BcWorkerMain;

static VOID BcWorkerMain(_In_ PVOID StartContext)
{
    LARGE_INTEGER beat;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(StartContext);

    beat.QuadPart = -10000LL * BC_BEAT_MS;

    do {
        InterlockedIncrement64(&g_Bc.Header->Heartbeat);
        status = KeWaitForSingleObject(&g_Bc.StopEvent, Executive, KernelMode, FALSE, &beat);
    } while (status == STATUS_TIMEOUT);

    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS BcWorkerStart(VOID)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE handle;
    NTSTATUS status;

    KeInitializeEvent(&g_Bc.StopEvent, NotificationEvent, FALSE);
    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);

    status = PsCreateSystemThread(&handle, THREAD_ALL_ACCESS, &oa, NULL, NULL, BcWorkerMain, NULL);
    if (!NT_SUCCESS(status)) {
        BCERR("PsCreateSystemThread %08X\n", status);
        return status;
    }

    status = ObReferenceObjectByHandle(handle, THREAD_ALL_ACCESS, *PsThreadType, KernelMode,
                                       (PVOID *)&g_Bc.Worker, NULL);
    if (!NT_SUCCESS(status)) {
        /* no object to wait on later, so stop it right here through the handle */
        BCERR("ObReferenceObjectByHandle(thread) %08X\n", status);
        KeSetEvent(&g_Bc.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(handle, FALSE, NULL);
        ZwClose(handle);
        g_Bc.Worker = NULL;
        return status;
    }

    ZwClose(handle);
    return STATUS_SUCCESS;
}

VOID BcWorkerStop(VOID)
{
    if (g_Bc.Worker == NULL) {
        return;
    }

    KeSetEvent(&g_Bc.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Bc.Worker, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_Bc.Worker);
    g_Bc.Worker = NULL;
}
