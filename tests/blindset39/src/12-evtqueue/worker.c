/*
 * worker.c - one system thread computing CRC32 of submitted buffers
 */
#include "evtq.h"

static KSTART_ROUTINE EqWorkerMain;

static ULONG EqCrc32(const UCHAR *p, ULONG len)
{
    ULONG crc = 0xFFFFFFFF;
    ULONG i;
    int k;

    for (i = 0; i < len; i++) {
        crc ^= p[i];
        for (k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320 & (0 - (crc & 1)));
    }
    return ~crc;
}

static PEVTQ_JOB EqPop(VOID)
{
    PEVTQ_JOB job = NULL;
    KIRQL irql;

    KeAcquireSpinLock(&g_Eq.QueueLock, &irql);
    if (!IsListEmpty(&g_Eq.Queue)) {
        job = CONTAINING_RECORD(RemoveHeadList(&g_Eq.Queue), EVTQ_JOB, Link);
        g_Eq.Pending--;
    }
    KeReleaseSpinLock(&g_Eq.QueueLock, irql);
    return job;
}

static VOID EqWorkerMain(PVOID Context)
{
    PEVTQ_JOB job;

    UNREFERENCED_PARAMETER(Context);

    while (!g_Eq.Stopping) {
        KeWaitForSingleObject(&g_Eq.WakeEvent, Executive, KernelMode, FALSE, NULL);

        while (!g_Eq.Stopping && (job = EqPop()) != NULL) {
            g_Eq.LastResult.Crc = EqCrc32(job->Data, job->Length);
            g_Eq.LastResult.Id = job->Id;
            ExFreePoolWithTag(job, EVTQ_TAG);
            EqSignalUserEvent();
        }
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS EqStartWorker(VOID)
{
    OBJECT_ATTRIBUTES oa;
    HANDLE thread;
    NTSTATUS status;

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);

    status = PsCreateSystemThread(&thread, SYNCHRONIZE, &oa, NULL, NULL, EqWorkerMain, NULL);
    if (!NT_SUCCESS(status)) {
        EQ_DBG("PsCreateSystemThread 0x%08X\n", status);
        return status;
    }

    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       (PVOID *)&g_Eq.Worker, NULL);
    if (!NT_SUCCESS(status)) {
        /* no object pointer: stop it and wait through the handle */
        InterlockedExchange(&g_Eq.Stopping, 1);
        KeSetEvent(&g_Eq.WakeEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, NULL);
        g_Eq.Worker = NULL;
    }

    ZwClose(thread);
    return status;
}

VOID EqStopWorker(VOID)
{
    PEVTQ_JOB job;

    if (g_Eq.Worker != NULL) {
        InterlockedExchange(&g_Eq.Stopping, 1);
        KeSetEvent(&g_Eq.WakeEvent, IO_NO_INCREMENT, FALSE);

        KeWaitForSingleObject(g_Eq.Worker, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(g_Eq.Worker);
        g_Eq.Worker = NULL;
    }

    /* thread is gone, whatever is left was never processed */
    while ((job = EqPop()) != NULL)
        ExFreePoolWithTag(job, EVTQ_TAG);
}

NTSTATUS EqSubmit(_In_reads_bytes_(Length) PVOID Data, _In_ ULONG Length, _Out_ PULONG Id)
{
    PEVTQ_JOB job;
    KIRQL irql;
    ULONG id;
    BOOLEAN queued = FALSE;

    *Id = 0;

    if (Length == 0 || Length > EVTQ_MAX_DATA)
        return STATUS_INVALID_PARAMETER;
    if (g_Eq.Stopping)
        return STATUS_DEVICE_NOT_READY;

    job = (PEVTQ_JOB)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                     FIELD_OFFSET(EVTQ_JOB, Data) + Length, EVTQ_TAG);
    if (job == NULL)
        return STATUS_INSUFFICIENT_RESOURCES;

    id = (ULONG)InterlockedIncrement(&g_Eq.NextId);
    job->Id = id;
    job->Length = Length;
    RtlCopyMemory(job->Data, Data, Length);

    KeAcquireSpinLock(&g_Eq.QueueLock, &irql);
    if (g_Eq.Pending < EVTQ_MAX_PENDING) {
        InsertTailList(&g_Eq.Queue, &job->Link);
        g_Eq.Pending++;
        queued = TRUE;
    }
    KeReleaseSpinLock(&g_Eq.QueueLock, irql);

    if (!queued) {
        ExFreePoolWithTag(job, EVTQ_TAG);
        return STATUS_DEVICE_BUSY;
    }

    *Id = id;
    KeSetEvent(&g_Eq.WakeEvent, IO_NO_INCREMENT, FALSE);
    return STATUS_SUCCESS;
}
