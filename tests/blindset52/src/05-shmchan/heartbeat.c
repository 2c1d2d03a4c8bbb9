/*
 * heartbeat.c - system thread that keeps the heartbeat moving
 */
#include "shmchan.h"

static KSTART_ROUTINE HbThread;

static VOID HbThread(_In_ PVOID Context)
{
    PSHM_HEADER hdr = (PSHM_HEADER)Context;
    LARGE_INTEGER period;
    LONG lastAck = 0;
    ULONG misses = 0;
    NTSTATUS status;

    period.QuadPart = -10000LL * HB_PERIOD_MS;

    for (;;) {
        status = KeWaitForSingleObject(&g_Shm.StopEvent, Executive, KernelMode, FALSE, &period);
        if (status == STATUS_SUCCESS) {
            break;                      /* stop requested */
        }

        InterlockedIncrement64(&hdr->Heartbeat);
        KeQuerySystemTimePrecise(&hdr->LastBeat);

        if (hdr->ClientAck != lastAck) {
            lastAck = hdr->ClientAck;
            if (misses >= HB_MAX_MISSES) {
                SHM_DBG("client is back after %lu missed beats\n", misses);
            }
            misses = 0;
            InterlockedExchange(&hdr->ClientLate, 0);
        } else if (++misses == HB_MAX_MISSES) {
            SHM_ERR("client stopped acking\n");
            InterlockedExchange(&hdr->ClientLate, 1);
        }
    }

    SHM_DBG("heartbeat thread done at beat %I64d\n", hdr->Heartbeat);
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS HbStart(VOID)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE thread;
    NTSTATUS status;

    KeInitializeEvent(&g_Shm.StopEvent, NotificationEvent, FALSE);
    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);

    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, &oa, NULL, NULL, HbThread, g_Shm.View);
    if (!NT_SUCCESS(status)) {
        SHM_ERR("PsCreateSystemThread: %08X\n", status);
        return status;
    }

    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       (PVOID *)&g_Shm.Thread, NULL);
    if (!NT_SUCCESS(status)) {
        /* can't really happen for our own fresh handle, but don't leave it running */
        SHM_ERR("ObReferenceObjectByHandle(thread): %08X\n", status);
        KeSetEvent(&g_Shm.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, NULL);
        ZwClose(thread);
        g_Shm.Thread = NULL;
        return status;
    }

    ZwClose(thread);
    return STATUS_SUCCESS;
}

VOID HbStop(VOID)
{
    if (g_Shm.Thread == NULL) {
        return;
    }

    KeSetEvent(&g_Shm.StopEvent, IO_NO_INCREMENT, FALSE);
    KeWaitForSingleObject(g_Shm.Thread, Executive, KernelMode, FALSE, NULL);
    ObDereferenceObject(g_Shm.Thread);
    g_Shm.Thread = NULL;
}
