/*
 * device.c - device add, hardware, DMA and interrupt handling
 */
#include "dmaeng.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, DmaEngEvtDeviceAdd)
#pragma alloc_text(PAGE, DmaEngEvtPrepareHardware)
#pragma alloc_text(PAGE, DmaEngEvtReleaseHardware)
#endif

NTSTATUS
DmaEngEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS    pnp;
    WDF_OBJECT_ATTRIBUTES           attrs;
    WDF_DMA_ENABLER_CONFIG          dmaConfig;
    WDF_INTERRUPT_CONFIG            intConfig;
    WDF_IO_QUEUE_CONFIG             queueConfig;
    WDFDEVICE                       device;
    PDEVICE_CONTEXT                 ctx;
    NTSTATUS                        status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = DmaEngEvtPrepareHardware;
    pnp.EvtDeviceReleaseHardware = DmaEngEvtReleaseHardware;
    pnp.EvtDeviceD0Entry         = DmaEngEvtD0Entry;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoDirect);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attrs, DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attrs, &device);
    if (!NT_SUCCESS(status)) {
        DBGP("WdfDeviceCreate 0x%x\n", status);
        return status;
    }

    ctx = GetDeviceContext(device);
    ctx->Device = device;

    WdfDeviceSetAlignmentRequirement(device, FILE_QUAD_ALIGNMENT);

    WDF_DMA_ENABLER_CONFIG_INIT(&dmaConfig, WdfDmaProfileScatterGather64, DMAENG_MAX_TRANSFER);
    status = WdfDmaEnablerCreate(device, &dmaConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->DmaEnabler);
    if (!NT_SUCCESS(status)) {
        DBGP("WdfDmaEnablerCreate 0x%x\n", status);
        return status;
    }
    WdfDmaEnablerSetMaximumScatterGatherElements(ctx->DmaEnabler, DMAENG_RING_ENTRIES);

    status = WdfCommonBufferCreate(ctx->DmaEnabler,
                                   DMAENG_RING_ENTRIES * sizeof(DMAENG_DESC),
                                   WDF_NO_OBJECT_ATTRIBUTES,
                                   &ctx->Ring);
    if (!NT_SUCCESS(status)) {
        DBGP("WdfCommonBufferCreate 0x%x\n", status);
        return status;
    }
    ctx->RingVa = (PDMAENG_DESC)WdfCommonBufferGetAlignedVirtualAddress(ctx->Ring);
    ctx->RingPa = WdfCommonBufferGetAlignedLogicalAddress(ctx->Ring);
    RtlZeroMemory(ctx->RingVa, DMAENG_RING_ENTRIES * sizeof(DMAENG_DESC));

    status = WdfDmaTransactionCreate(ctx->DmaEnabler, WDF_NO_OBJECT_ATTRIBUTES, &ctx->Transaction);
    if (!NT_SUCCESS(status)) {
        DBGP("WdfDmaTransactionCreate 0x%x\n", status);
        return status;
    }

    WDF_INTERRUPT_CONFIG_INIT(&intConfig, DmaEngEvtIsr, DmaEngEvtDpc);
    intConfig.EvtInterruptEnable  = DmaEngEvtInterruptEnable;
    intConfig.EvtInterruptDisable = DmaEngEvtInterruptDisable;
    status = WdfInterruptCreate(device, &intConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->Interrupt);
    if (!NT_SUCCESS(status)) {
        DBGP("WdfInterruptCreate 0x%x\n", status);
        return status;
    }

    // one transfer in flight at a time, the ring is rebuilt per request
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoWrite = DmaEngEvtIoWrite;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->WriteQueue);
    if (!NT_SUCCESS(status)) {
        DBGP("WdfIoQueueCreate 0x%x\n", status);
    }
    return status;
}

NTSTATUS
DmaEngEvtPrepareHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST Resources,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    PDEVICE_CONTEXT ctx = GetDeviceContext(Device);
    PCM_PARTIAL_RESOURCE_DESCRIPTOR desc;
    ULONG i;

    UNREFERENCED_PARAMETER(Resources);
    PAGED_CODE();

    for (i = 0; i < WdfCmResourceListGetCount(ResourcesTranslated); i++) {
        desc = WdfCmResourceListGetDescriptor(ResourcesTranslated, i);
        if (desc->Type == CmResourceTypeMemory && ctx->Regs == NULL &&
            desc->u.Memory.Length >= sizeof(DMAENG_REGS)) {
            ctx->Regs = (PDMAENG_REGS)MmMapIoSpaceEx(desc->u.Memory.Start,
                                                     desc->u.Memory.Length,
                                                     PAGE_READWRITE | PAGE_NOCACHE);
            ctx->RegsLength = desc->u.Memory.Length;
        }
    }

    if (ctx->Regs == NULL) {
        DBGP("no usable BAR\n");
        return STATUS_DEVICE_CONFIGURATION_ERROR;
    }

    WRITE_REGISTER_ULONG(&ctx->Regs->Control, CTRL_RESET);
    return STATUS_SUCCESS;
}

NTSTATUS
DmaEngEvtReleaseHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    PDEVICE_CONTEXT ctx = GetDeviceContext(Device);

    UNREFERENCED_PARAMETER(ResourcesTranslated);
    PAGED_CODE();

    if (ctx->Regs != NULL) {
        MmUnmapIoSpace(ctx->Regs, ctx->RegsLength);
        ctx->Regs = NULL;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
DmaEngEvtD0Entry(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PDEVICE_CONTEXT ctx = GetDeviceContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    WRITE_REGISTER_ULONG(&ctx->Regs->RingBaseLow,  ctx->RingPa.LowPart);
    WRITE_REGISTER_ULONG(&ctx->Regs->RingBaseHigh, (ULONG)ctx->RingPa.HighPart);
    WRITE_REGISTER_ULONG(&ctx->Regs->Timing, DmaEngClockPresent() ? TIMING_LOCKED : 0);
    return STATUS_SUCCESS;
}

NTSTATUS
DmaEngEvtInterruptEnable(_In_ WDFINTERRUPT Interrupt, _In_ WDFDEVICE Device)
{
    UNREFERENCED_PARAMETER(Interrupt);
    WRITE_REGISTER_ULONG(&GetDeviceContext(Device)->Regs->IntMask, INT_DONE);
    return STATUS_SUCCESS;
}

NTSTATUS
DmaEngEvtInterruptDisable(_In_ WDFINTERRUPT Interrupt, _In_ WDFDEVICE Device)
{
    UNREFERENCED_PARAMETER(Interrupt);
    WRITE_REGISTER_ULONG(&GetDeviceContext(Device)->Regs->IntMask, 0);
    return STATUS_SUCCESS;
}

VOID
DmaEngEvtIoWrite(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     Length
    )
{
    PDEVICE_CONTEXT ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Length);
    status = WdfDmaTransactionInitializeUsingRequest(ctx->Transaction, Request,
                                                     DmaEngEvtProgramDma,
                                                     WdfDmaDirectionWriteToDevice);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    status = WdfDmaTransactionExecute(ctx->Transaction, ctx);
    if (!NT_SUCCESS(status)) {
        WdfDmaTransactionRelease(ctx->Transaction);
        WdfRequestComplete(Request, status);
    }
}

BOOLEAN
DmaEngEvtProgramDma(
    _In_ WDFDMATRANSACTION      Transaction,
    _In_ WDFDEVICE              Device,
    _In_ WDFCONTEXT             Context,
    _In_ WDF_DMA_DIRECTION      Direction,
    _In_ PSCATTER_GATHER_LIST   SgList
    )
{
    PDEVICE_CONTEXT ctx = (PDEVICE_CONTEXT)Context;
    ULONG i, n;

    UNREFERENCED_PARAMETER(Transaction);
    UNREFERENCED_PARAMETER(Device);
    UNREFERENCED_PARAMETER(Direction);

    n = min(SgList->NumberOfElements, DMAENG_RING_ENTRIES);
    for (i = 0; i < n; i++) {
        ctx->RingVa[i].Address = (ULONG64)SgList->Elements[i].Address.QuadPart;
        ctx->RingVa[i].Length  = SgList->Elements[i].Length;
        ctx->RingVa[i].Flags   = (i == n - 1) ? DESC_LAST : 0;
    }
    ctx->DescUsed = n;

    KeMemoryBarrier();
    WRITE_REGISTER_ULONG(&ctx->Regs->RingHead, 0);
    WRITE_REGISTER_ULONG(&ctx->Regs->RingTail, n);
    WRITE_REGISTER_ULONG(&ctx->Regs->Control, CTRL_RUN);
    return TRUE;
}

BOOLEAN
DmaEngEvtIsr(_In_ WDFINTERRUPT Interrupt, _In_ ULONG MessageID)
{
    PDEVICE_CONTEXT ctx = GetDeviceContext(WdfInterruptGetDevice(Interrupt));
    ULONG pending;

    UNREFERENCED_PARAMETER(MessageID);

    pending = READ_REGISTER_ULONG(&ctx->Regs->IntStatus);
    if ((pending & INT_DONE) == 0) {
        return FALSE;
    }
    WRITE_REGISTER_ULONG(&ctx->Regs->IntStatus, pending);
    WdfInterruptQueueDpcForIsr(Interrupt);
    return TRUE;
}

VOID
DmaEngEvtDpc(_In_ WDFINTERRUPT Interrupt, _In_ WDFOBJECT Device)
{
    PDEVICE_CONTEXT ctx = GetDeviceContext(Device);
    WDFREQUEST request;
    NTSTATUS status = STATUS_SUCCESS;
    size_t done;

    UNREFERENCED_PARAMETER(Interrupt);

    if (WdfDmaTransactionDmaCompleted(ctx->Transaction, &status)) {
        request = WdfDmaTransactionGetRequest(ctx->Transaction);
        done = WdfDmaTransactionGetBytesTransferred(ctx->Transaction);
        WdfDmaTransactionRelease(ctx->Transaction);
        WdfRequestCompleteWithInformation(request, status, done);
    }
}
