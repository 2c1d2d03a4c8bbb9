/*
 * device.c - PnP/power callbacks and the read path
 */
#include "irqring.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, IrqRingEvtPrepareHardware)
#pragma alloc_text(PAGE, IrqRingEvtReleaseHardware)
#pragma alloc_text(PAGE, IrqRingEvtD0Exit)
#endif

NTSTATUS
IrqRingEvtPrepareHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourcesRaw,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    PIRQRING_CONTEXT                ctx = IrqRingGetContext(Device);
    PCM_PARTIAL_RESOURCE_DESCRIPTOR desc;
    ULONG                           i, count;

    UNREFERENCED_PARAMETER(ResourcesRaw);
    PAGED_CODE();

    count = WdfCmResourceListGetCount(ResourcesTranslated);
    for (i = 0; i < count; i++) {
        desc = WdfCmResourceListGetDescriptor(ResourcesTranslated, i);
        if (desc == NULL) {
            continue;
        }

        if (desc->Type == CmResourceTypeMemory && ctx->Regs == NULL) {
            ctx->Regs = (PUCHAR)MmMapIoSpaceEx(desc->u.Memory.Start,
                                               desc->u.Memory.Length,
                                               PAGE_READWRITE | PAGE_NOCACHE);
            if (ctx->Regs == NULL) {
                DBG_ERR("MmMapIoSpaceEx failed");
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            ctx->RegsLength = desc->u.Memory.Length;
        }
    }

    if (ctx->Regs == NULL) {
        DBG_ERR("no register BAR in resources");
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
IrqRingEvtReleaseHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    PIRQRING_CONTEXT ctx = IrqRingGetContext(Device);

    UNREFERENCED_PARAMETER(ResourcesTranslated);
    PAGED_CODE();

    if (ctx->Regs != NULL) {
        MmUnmapIoSpace(ctx->Regs, ctx->RegsLength);
        ctx->Regs = NULL;
        ctx->RegsLength = 0;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
IrqRingEvtD0Entry(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PIRQRING_CONTEXT ctx = IrqRingGetContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    IrqRingResetHardware(ctx);
    WrReg(ctx, REG_CONTROL, CTRL_RUN);
    return STATUS_SUCCESS;
}

NTSTATUS
IrqRingEvtD0Exit(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PIRQRING_CONTEXT ctx = IrqRingGetContext(Device);

    UNREFERENCED_PARAMETER(TargetState);
    PAGED_CODE();

    /* interrupts are already disabled by the framework at this point */
    WrReg(ctx, REG_CONTROL, 0);
    return STATUS_SUCCESS;
}

VOID
IrqRingEvtDeviceCleanup(
    _In_ WDFOBJECT Object
    )
{
    PIRQRING_CONTEXT ctx = IrqRingGetContext((WDFDEVICE)Object);

    DBG_INFO("cleanup, %u overruns seen", ctx->Overruns);
}

/*
 * Non-blocking: hand out whatever samples are in the ring right now.
 */
VOID
IrqRingEvtIoRead(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    PIRQRING_CONTEXT ctx = IrqRingGetContext(WdfIoQueueGetDevice(Queue));
    PULONG           out;
    size_t           room;
    ULONG            n = 0;
    NTSTATUS         status;

    UNREFERENCED_PARAMETER(Length);

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID*)&out, &room);
    if (NT_SUCCESS(status)) {
        WdfSpinLockAcquire(ctx->RingLock);
        while (ctx->Count > 0 && (n + 1) * sizeof(ULONG) <= room) {
            out[n++] = ctx->Ring[ctx->Head];
            ctx->Head = (ctx->Head + 1) % IRQRING_RING_SLOTS;
            ctx->Count--;
        }
        WdfSpinLockRelease(ctx->RingLock);
    }

    WdfRequestCompleteWithInformation(Request, status, n * sizeof(ULONG));
}
