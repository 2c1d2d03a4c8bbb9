/*
 * sampler.c - periodic timer/DPC and the worker thread it paces.
 */
#include "chanmon.h"

static KDEFERRED_ROUTINE CmTimerDpc;
static KSTART_ROUTINE    CmWorkerThread;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, CmStartSampler)
#pragma alloc_text(PAGE, CmStopSampler)
#endif

static VOID
CmTimerDpc(
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

    InterlockedIncrement64(&g_Cm.Ticks);
    KeSetEvent(&g_Cm.TickEvent, IO_NO_INCREMENT, FALSE);
}

static VOID
CmProduceSamples(VOID)
{
    LARGE_INTEGER now;
    ULONG i;

    KeQuerySystemTimePrecise(&now);

    for (i = 0; i < g_Cm.ChannelCount; i++) {
        PCM_CHANNEL_EXT ext = (PCM_CHANNEL_EXT)g_Cm.Channels[i]->DeviceExtension;
        PCM_SAMPLE slot;
        KIRQL irql;

        KeAcquireSpinLock(&ext->Lock, &irql);

        ext->Seed = ext->Seed * 1664525u + 1013904223u;
        slot = &ext->Ring[(ext->Head + ext->Count) % CM_RING_SAMPLES];
        slot->Time    = now.QuadPart;
        slot->Channel = ext->Index;
        slot->Value   = ext->Seed >> 16;

        if (ext->Count == CM_RING_SAMPLES) {
            ext->Head = (ext->Head + 1) % CM_RING_SAMPLES;
            ext->Overruns++;
        } else {
            ext->Count++;
        }

        KeReleaseSpinLock(&ext->Lock, irql);
    }
}

static VOID
CmWorkerThread(
    _In_ PVOID StartContext
    )
{
    PVOID waits[2];
    NTSTATUS status;

    UNREFERENCED_PARAMETER(StartContext);

    waits[0] = &g_Cm.StopEvent;
    waits[1] = &g_Cm.TickEvent;

    for (;;) {
        status = KeWaitForMultipleObjects(2, waits, WaitAny, Executive, KernelMode,
                                          FALSE, NULL, NULL);
        if (status != STATUS_WAIT_1) {
            break;                  /* stop requested (or unexpected wake) */
        }
        CmProduceSamples();
    }

    PsTerminateSystemThread(STATUS_SUCCESS);
}

NTSTATUS
CmStartSampler(VOID)
{
    NTSTATUS status;
    HANDLE thread = NULL;
    OBJECT_ATTRIBUTES oa;
    LARGE_INTEGER due;

    PAGED_CODE();

    KeInitializeEvent(&g_Cm.StopEvent, NotificationEvent, FALSE);
    KeInitializeEvent(&g_Cm.TickEvent, SynchronizationEvent, FALSE);
    KeInitializeTimerEx(&g_Cm.Timer, NotificationTimer);
    KeInitializeDpc(&g_Cm.TimerDpc, CmTimerDpc, NULL);

    InitializeObjectAttributes(&oa, NULL, OBJ_KERNEL_HANDLE, NULL, NULL);
    status = PsCreateSystemThread(&thread, THREAD_ALL_ACCESS, &oa, NULL, NULL,
                                  CmWorkerThread, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ObReferenceObjectByHandle(thread, SYNCHRONIZE, *PsThreadType, KernelMode,
                                       (PVOID *)&g_Cm.Worker, NULL);
    if (!NT_SUCCESS(status)) {
        /* Cannot keep a pointer: make the thread exit and wait on the handle. */
        KeSetEvent(&g_Cm.StopEvent, IO_NO_INCREMENT, FALSE);
        ZwWaitForSingleObject(thread, FALSE, NULL);
        ZwClose(thread);
        g_Cm.Worker = NULL;
        return status;
    }
    ZwClose(thread);

    due.QuadPart = -10LL * 1000 * CM_SAMPLE_PERIOD_MS;
    KeSetTimerEx(&g_Cm.Timer, due, CM_SAMPLE_PERIOD_MS, &g_Cm.TimerDpc);
    return STATUS_SUCCESS;
}

VOID
CmStopSampler(VOID)
{
    PAGED_CODE();

    /* No new DPCs, and any DPC already queued or running has finished. */
    KeCancelTimer(&g_Cm.Timer);
    KeFlushQueuedDpcs();

    if (g_Cm.Worker != NULL) {
        KeSetEvent(&g_Cm.StopEvent, IO_NO_INCREMENT, FALSE);
        KeWaitForSingleObject(g_Cm.Worker, Executive, KernelMode, FALSE, NULL);
        ObDereferenceObject(g_Cm.Worker);
        g_Cm.Worker = NULL;
    }
}
