/*
 * hw.c - resources, power, interrupt, watchdog
 *
 * Ping-pong: D0Entry rings the doorbell and arms the watchdog; each ack
 * (ISR -> DPC) records the latency, rings again and re-arms.  If the watchdog
 * ever fires, a work item resets the board at PASSIVE_LEVEL and rings again.
 *
 * Nothing but the DPC re-arms the watchdog, and the DPC cannot run once the
 * framework has disabled the interrupt, so D0Exit only has to stop the timer
 * and flush the work item.
 */
#include "pnpirq.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PnpIrqEvtPrepareHardware)
#pragma alloc_text(PAGE, PnpIrqEvtReleaseHardware)
#pragma alloc_text(PAGE, PnpIrqEvtD0Exit)
#pragma alloc_text(PAGE, PnpIrqEvtResetWork)
#endif

NTSTATUS
PnpIrqEvtPrepareHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourcesRaw,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    PPNPIRQ_CONTEXT                 ctx = PnpIrqGetContext(Device);
    PCM_PARTIAL_RESOURCE_DESCRIPTOR d;
    ULONG                           i;

    UNREFERENCED_PARAMETER(ResourcesRaw);
    PAGED_CODE();

    for (i = 0; i < WdfCmResourceListGetCount(ResourcesTranslated); i++) {
        d = WdfCmResourceListGetDescriptor(ResourcesTranslated, i);
        if (d == NULL || d->Type != CmResourceTypeMemory || ctx->Bar != NULL) {
            continue;
        }
        ctx->Bar = (PUCHAR)MmMapIoSpaceEx(d->u.Memory.Start, d->u.Memory.Length,
                                          PAGE_READWRITE | PAGE_NOCACHE);
        if (ctx->Bar == NULL) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        ctx->BarLength = d->u.Memory.Length;
    }

    return (ctx->Bar != NULL) ? STATUS_SUCCESS : STATUS_DEVICE_CONFIGURATION_ERROR;
}

NTSTATUS
PnpIrqEvtReleaseHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    PPNPIRQ_CONTEXT ctx = PnpIrqGetContext(Device);

    UNREFERENCED_PARAMETER(ResourcesTranslated);
    PAGED_CODE();

    if (ctx->Bar != NULL) {
        MmUnmapIoSpace(ctx->Bar, ctx->BarLength);
        ctx->Bar       = NULL;
        ctx->BarLength = 0;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
PnpIrqEvtD0Entry(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PPNPIRQ_CONTEXT ctx = PnpIrqGetContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    DB_WRITE(ctx, DB_REG_RESET, 1);
    DB_WRITE(ctx, DB_REG_RESET, 0);

    /* the interrupt is connected and enabled after D0Entry; the first ack
       simply arrives a little later */
    ctx->LastAckTime = KeQueryInterruptTime();
    DB_WRITE(ctx, DB_REG_RING, 1);
    WdfTimerStart(ctx->Watchdog, WDF_REL_TIMEOUT_IN_MS(PNPIRQ_WATCHDOG_MS));
    return STATUS_SUCCESS;
}

NTSTATUS
PnpIrqEvtD0Exit(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PPNPIRQ_CONTEXT ctx = PnpIrqGetContext(Device);

    UNREFERENCED_PARAMETER(TargetState);
    PAGED_CODE();

    WdfTimerStop(ctx->Watchdog, TRUE);
    WdfWorkItemFlush(ctx->ResetWork);
    return STATUS_SUCCESS;
}

NTSTATUS
PnpIrqEvtInterruptEnable(
    _In_ WDFINTERRUPT Interrupt,
    _In_ WDFDEVICE    AssociatedDevice
    )
{
    UNREFERENCED_PARAMETER(Interrupt);
    DB_WRITE(PnpIrqGetContext(AssociatedDevice), DB_REG_IRQEN, 1);
    return STATUS_SUCCESS;
}

NTSTATUS
PnpIrqEvtInterruptDisable(
    _In_ WDFINTERRUPT Interrupt,
    _In_ WDFDEVICE    AssociatedDevice
    )
{
    UNREFERENCED_PARAMETER(Interrupt);
    DB_WRITE(PnpIrqGetContext(AssociatedDevice), DB_REG_IRQEN, 0);
    return STATUS_SUCCESS;
}

BOOLEAN
PnpIrqEvtIsr(
    _In_ WDFINTERRUPT Interrupt,
    _In_ ULONG        MessageID
    )
{
    PPNPIRQ_CONTEXT ctx = PnpIrqGetContext(WdfInterruptGetDevice(Interrupt));
    ULONG           acks;

    UNREFERENCED_PARAMETER(MessageID);

    acks = DB_READ(ctx, DB_REG_ACK);
    if (acks == 0) {
        return FALSE;
    }
    DB_WRITE(ctx, DB_REG_ACK, acks);

    ctx->PendingAcks += acks;
    WdfInterruptQueueDpcForIsr(Interrupt);
    return TRUE;
}

VOID
PnpIrqEvtDpc(
    _In_ WDFINTERRUPT Interrupt,
    _In_ WDFOBJECT    AssociatedObject
    )
{
    PPNPIRQ_CONTEXT ctx = PnpIrqGetContext((WDFDEVICE)AssociatedObject);
    ULONG           acks;
    ULONG64         now;

    WdfInterruptAcquireLock(Interrupt);
    acks = ctx->PendingAcks;
    ctx->PendingAcks = 0;
    WdfInterruptReleaseLock(Interrupt);

    if (acks == 0) {
        return;
    }

    now = KeQueryInterruptTime();
    if (ctx->LatencyLog != NULL) {
        ctx->LatencyLog[ctx->LatencyNext] = now - ctx->LastAckTime;
        ctx->LatencyNext = (ctx->LatencyNext + 1) % PNPIRQ_LOG_ENTRIES;
    }
    ctx->LastAckTime = now;
    ctx->RoundTrips += acks;

    DB_WRITE(ctx, DB_REG_RING, 1);
    WdfTimerStart(ctx->Watchdog, WDF_REL_TIMEOUT_IN_MS(PNPIRQ_WATCHDOG_MS));
}

VOID
PnpIrqEvtWatchdog(
    _In_ WDFTIMER Timer
    )
{
    PPNPIRQ_CONTEXT ctx = PnpIrqGetContext((WDFDEVICE)WdfTimerGetParentObject(Timer));

    if (InterlockedCompareExchange(&ctx->ResetQueued, 1, 0) == 0) {
        WdfWorkItemEnqueue(ctx->ResetWork);
    }
}

VOID
PnpIrqEvtResetWork(
    _In_ WDFWORKITEM WorkItem
    )
{
    PPNPIRQ_CONTEXT ctx = PnpIrqGetContext((WDFDEVICE)WdfWorkItemGetParentObject(WorkItem));
    LARGE_INTEGER   delay;

    PAGED_CODE();

    PLOG("no ack for %u ms, resetting board (reset #%u)", PNPIRQ_WATCHDOG_MS, ctx->Resets + 1);

    DB_WRITE(ctx, DB_REG_RESET, 1);
    delay.QuadPart = -10 * 1000 * 5;    /* 5 ms */
    KeDelayExecutionThread(KernelMode, FALSE, &delay);
    DB_WRITE(ctx, DB_REG_RESET, 0);
    DB_WRITE(ctx, DB_REG_RING, 1);

    ctx->Resets++;
    InterlockedExchange(&ctx->ResetQueued, 0);
}

VOID
PnpIrqEvtDeviceDestroy(
    _In_ WDFOBJECT Object
    )
{
    PPNPIRQ_CONTEXT ctx = PnpIrqGetContext((WDFDEVICE)Object);

    if (ctx->LatencyLog != NULL) {
        ExFreePoolWithTag(ctx->LatencyLog, PNPIRQ_TAG);
        ctx->LatencyLog = NULL;
    }
}
