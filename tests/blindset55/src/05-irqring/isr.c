/*
 * isr.c - interrupt side: ISR latches, DPC moves the sample into the ring.
 */
#include "irqring.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, IrqRingResetHardware)
#pragma alloc_text(PAGE, IrqRingEvtInterruptDpc)
#endif

VOID
IrqRingResetHardware(
    _In_ PIRQRING_CONTEXT Ctx
    )
{
    LARGE_INTEGER delay;

    PAGED_CODE();

    WrReg(Ctx, REG_CONTROL, CTRL_RESET);
    delay.QuadPart = -10 * 1000;        /* 1 ms, the board wants >= 200 us */
    KeDelayExecutionThread(KernelMode, FALSE, &delay);
    WrReg(Ctx, REG_CONTROL, 0);
    (VOID)RdReg(Ctx, REG_STATUS);       /* read-to-clear */
}

BOOLEAN
IrqRingEvtInterruptIsr(
    _In_ WDFINTERRUPT Interrupt,
    _In_ ULONG        MessageID
    )
{
    PIRQRING_CONTEXT ctx = IrqRingGetContext(WdfInterruptGetDevice(Interrupt));
    ULONG            status;

    UNREFERENCED_PARAMETER(MessageID);

    status = RdReg(ctx, REG_STATUS);
    if ((status & (STAT_SAMPLE | STAT_OVERRUN)) == 0) {
        return FALSE;   /* shared line, not ours */
    }

    ctx->LatchedStatus |= status;
    ctx->LatchedData    = RdReg(ctx, REG_DATA);
    WrReg(ctx, REG_STATUS, status);     /* write-1-to-clear */

    WdfInterruptQueueDpcForIsr(Interrupt);
    return TRUE;
}

VOID
IrqRingEvtInterruptDpc(
    _In_ WDFINTERRUPT Interrupt,
    _In_ WDFOBJECT    AssociatedObject
    )
{
    PIRQRING_CONTEXT ctx = IrqRingGetContext((WDFDEVICE)AssociatedObject);
    ULONG            status;
    ULONG            data;

    UNREFERENCED_PARAMETER(Interrupt);

    WdfInterruptAcquireLock(ctx->Interrupt);
    status = ctx->LatchedStatus;
    data   = ctx->LatchedData;
    ctx->LatchedStatus = 0;
    WdfInterruptReleaseLock(ctx->Interrupt);

    if (status & STAT_OVERRUN) {
        ctx->Overruns++;
    }

    if (status & STAT_SAMPLE) {
        WdfSpinLockAcquire(ctx->RingLock);
        if (ctx->Count == IRQRING_RING_SLOTS) {
            /* full: drop the oldest */
            ctx->Head = (ctx->Head + 1) % IRQRING_RING_SLOTS;
            ctx->Count--;
            ctx->Overruns++;
        }
        ctx->Ring[(ctx->Head + ctx->Count) % IRQRING_RING_SLOTS] = data;
        ctx->Count++;
        WdfSpinLockRelease(ctx->RingLock);
    }
}

NTSTATUS
IrqRingEvtInterruptEnable(
    _In_ WDFINTERRUPT Interrupt,
    _In_ WDFDEVICE    AssociatedDevice
    )
{
    PIRQRING_CONTEXT ctx = IrqRingGetContext(AssociatedDevice);

    UNREFERENCED_PARAMETER(Interrupt);

    WrReg(ctx, REG_INTMASK, STAT_SAMPLE | STAT_OVERRUN);
    return STATUS_SUCCESS;
}

NTSTATUS
IrqRingEvtInterruptDisable(
    _In_ WDFINTERRUPT Interrupt,
    _In_ WDFDEVICE    AssociatedDevice
    )
{
    PIRQRING_CONTEXT ctx = IrqRingGetContext(AssociatedDevice);

    UNREFERENCED_PARAMETER(Interrupt);

    WrReg(ctx, REG_INTMASK, 0);
    return STATUS_SUCCESS;
}
