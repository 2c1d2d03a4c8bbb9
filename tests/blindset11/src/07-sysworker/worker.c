/*
 * worker.c - the system thread and the job lists
 */
#include "sysworker.h"

/* FNV-1a, good enough for a demo */
static ULONG
SwHash(const UCHAR *p, ULONG n)
{
    ULONG h = 2166136261u;
    ULONG i;

    for (i = 0; i < n; i++) {
        h ^= p[i];
        h *= 16777619u;
    }
    return h;
}

static PSW_JOB
SwPopPending(VOID)
{
    KIRQL irql;
    PSW_JOB job = NULL;

    KeAcquireSpinLock(&g_Sw.Lock, &irql);
    if (!IsListEmpty(&g_Sw.Pending)) {
        job = CONTAINING_RECORD(RemoveHeadList(&g_Sw.Pending), SW_JOB, Link);
    }
    KeReleaseSpinLock(&g_Sw.Lock, irql);
    return job;
}

VOID
SwWorkerThread(_In_ PVOID StartContext)
{
    PVOID waits[2];
    NTSTATUS status;

    UNREFERENCED_PARAMETER(StartContext);

    waits[0] = &g_Sw.StopEvent;
    waits[1] = &g_Sw.WorkEvent;

    LOG("worker thread up");

    for (;;) {
        PSW_JOB job;
        KIRQL irql;

        status = KeWaitForMultipleObjects(2, waits, WaitAny, Executive, KernelMode,
                                          FALSE, NULL, NULL);
        if (status == STATUS_WAIT_0) {
            break;
        }

        while ((job = SwPopPending()) != NULL) {
            job->Result = SwHash(job->Payload, job->Length);
            job->Done = TRUE;

            KeAcquireSpinLock(&g_Sw.Lock, &irql);
            InsertTailList(&g_Sw.Finished, &job->Link);
            KeReleaseSpinLock(&g_Sw.Lock, irql);
        }
    }

    LOG("worker thread exiting");
    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
SwQueueJob(_In_reads_bytes_(Length) PVOID Data, _In_ ULONG Length, _Out_ PULONG Id)
{
    PSW_JOB job;
    KIRQL irql;

    *Id = 0;
    if (Length == 0 || Length > SW_MAX_PAYLOAD) {
        return STATUS_INVALID_PARAMETER;
    }

    job = (PSW_JOB)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(SW_JOB), SW_TAG);
    if (job == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyMemory(job->Payload, Data, Length);
    job->Length = Length;

    KeAcquireSpinLock(&g_Sw.Lock, &irql);
    if (g_Sw.Queued >= SW_MAX_QUEUED) {
        KeReleaseSpinLock(&g_Sw.Lock, irql);
        ExFreePoolWithTag(job, SW_TAG);
        return STATUS_DEVICE_BUSY;
    }
    job->Id = ++g_Sw.NextId;
    g_Sw.Queued++;
    InsertTailList(&g_Sw.Pending, &job->Link);
    KeReleaseSpinLock(&g_Sw.Lock, irql);

    *Id = job->Id;
    KeSetEvent(&g_Sw.WorkEvent, IO_NO_INCREMENT, FALSE);
    return STATUS_SUCCESS;
}

NTSTATUS
SwTakeResult(_In_ ULONG Id, _Out_ PULONG Result)
{
    PLIST_ENTRY e;
    PSW_JOB found = NULL;
    KIRQL irql;

    *Result = 0;

    KeAcquireSpinLock(&g_Sw.Lock, &irql);
    for (e = g_Sw.Finished.Flink; e != &g_Sw.Finished; e = e->Flink) {
        PSW_JOB job = CONTAINING_RECORD(e, SW_JOB, Link);
        if (job->Id == Id) {
            RemoveEntryList(e);
            g_Sw.Queued--;
            found = job;
            break;
        }
    }
    KeReleaseSpinLock(&g_Sw.Lock, irql);

    if (found == NULL) {
        return STATUS_PENDING;
    }
    *Result = found->Result;
    ExFreePoolWithTag(found, SW_TAG);
    return STATUS_SUCCESS;
}

VOID
SwFreeAllJobs(VOID)
{
    PLIST_ENTRY lists[2];
    ULONG i;

    /* only called once the worker thread is gone, no lock needed */
    lists[0] = &g_Sw.Pending;
    lists[1] = &g_Sw.Finished;
    for (i = 0; i < 2; i++) {
        while (!IsListEmpty(lists[i])) {
            PSW_JOB job = CONTAINING_RECORD(RemoveHeadList(lists[i]), SW_JOB, Link);
            ExFreePoolWithTag(job, SW_TAG);
        }
    }
    g_Sw.Queued = 0;
}
