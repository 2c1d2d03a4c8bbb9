/*
 * timer.c - periodic publish: KTIMER -> DPC -> IO_WORKITEM. The DPC takes
 * rundown protection for the worker, so PaTimerStop can wait for it.
 */
#include "procaudit.h"

static KDEFERRED_ROUTINE PaFlushDpc;
static IO_WORKITEM_ROUTINE PaFlushWorker;

static VOID
PaFlushWorker(_In_ PDEVICE_OBJECT DeviceObject, _In_opt_ PVOID Context)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Context);

    PaStatePublish();

    InterlockedExchange(&g_Pa.WorkQueued, 0);
    ExReleaseRundownProtection(&g_Pa.WorkRundown);
}

static VOID
PaFlushDpc(
    _In_ PKDPC Dpc,
    _In_opt_ PVOID DeferredContext,
    _In_opt_ PVOID SystemArgument1,
    _In_opt_ PVOID SystemArgument2
    )
{
    UNREFERENCED_PARAMETER(Dpc);
    UNREFERENCED_PARAMETER(DeferredContext);
    UNREFERENCED_PARAMETER(SystemArgument1);
    UNREFERENCED_PARAMETER(SystemArgument2);

    /* at most one worker in flight */
    if (InterlockedCompareExchange(&g_Pa.WorkQueued, 1, 0) != 0) {
        return;
    }

    if (!ExAcquireRundownProtection(&g_Pa.WorkRundown)) {
        /* shutting down */
        InterlockedExchange(&g_Pa.WorkQueued, 0);
        return;
    }

    IoQueueWorkItem(g_Pa.FlushWorkItem, PaFlushWorker, DelayedWorkQueue, NULL);
}

NTSTATUS
PaTimerInit(_In_ PDEVICE_OBJECT DeviceObject)
{
    g_Pa.FlushWorkItem = IoAllocateWorkItem(DeviceObject);
    if (g_Pa.FlushWorkItem == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    ExInitializeRundownProtection(&g_Pa.WorkRundown);
    KeInitializeDpc(&g_Pa.FlushDpc, PaFlushDpc, NULL);
    KeInitializeTimerEx(&g_Pa.FlushTimer, NotificationTimer);
    return STATUS_SUCCESS;
}

VOID
PaTimerStart(VOID)
{
    LARGE_INTEGER due;

    due.QuadPart = -10000LL * PA_FLUSH_PERIOD_MS;
    KeSetTimerEx(&g_Pa.FlushTimer, due, PA_FLUSH_PERIOD_MS, &g_Pa.FlushDpc);
}

VOID
PaTimerStop(VOID)
{
    PAGED_CODE();

    KeCancelTimer(&g_Pa.FlushTimer);

    /* a DPC that already fired may still be about to queue the worker */
    KeFlushQueuedDpcs();

    /* waits for a queued/running worker and refuses new ones */
    ExWaitForRundownProtectionRelease(&g_Pa.WorkRundown);
}

VOID
PaTimerCleanup(VOID)
{
    if (g_Pa.FlushWorkItem != NULL) {
        IoFreeWorkItem(g_Pa.FlushWorkItem);
        g_Pa.FlushWorkItem = NULL;
    }
}
