//
// dma.cpp - DMA enabler, descriptor ring and the read path
//
#include "pcidaq.h"

NTSTATUS
Daq::InitializeDma(_In_ WDFDEVICE Device, _In_ PDAQ_CONTEXT Ctx)
{
    WDF_DMA_ENABLER_CONFIG  dmaConfig;
    NTSTATUS                status;

    WDF_DMA_ENABLER_CONFIG_INIT(&dmaConfig, WdfDmaProfileScatterGather64, DAQ_MAX_TRANSFER);

    status = WdfDmaEnablerCreate(Device, &dmaConfig, WDF_NO_OBJECT_ATTRIBUTES, &Ctx->DmaEnabler);
    if (!NT_SUCCESS(status)) {
        DAQ_LOG("WdfDmaEnablerCreate 0x%08X", status);
        return status;
    }

    //
    // The sequencer fetches descriptors and sample blocks in 64-byte bursts.
    //
    WdfDeviceSetAlignmentRequirement(Device, FILE_64_BYTE_ALIGNMENT);

    status = WdfCommonBufferCreate(Ctx->DmaEnabler, DAQ_DESC_RING_BYTES,
                                   WDF_NO_OBJECT_ATTRIBUTES, &Ctx->DescRing);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    Ctx->DescRingVa = static_cast<PDAQ_DESCRIPTOR>(WdfCommonBufferGetAlignedVirtualAddress(Ctx->DescRing));
    Ctx->DescRingLa = WdfCommonBufferGetAlignedLogicalAddress(Ctx->DescRing);
    RtlZeroMemory(Ctx->DescRingVa, DAQ_DESC_RING_BYTES);

    status = WdfDmaTransactionCreate(Ctx->DmaEnabler, WDF_NO_OBJECT_ATTRIBUTES,
                                     &Ctx->ReadTransaction);
    return status;
}

VOID
Daq::EvtIoRead(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t Length)
{
    PDAQ_CONTEXT    ctx = DaqGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS        status;

    if (Length == 0 || Length > DAQ_MAX_TRANSFER || ctx->PowerLocked) {
        WdfRequestComplete(Request, ctx->PowerLocked ? STATUS_DEVICE_NOT_READY
                                                     : STATUS_INVALID_BUFFER_SIZE);
        return;
    }

    status = WdfDmaTransactionInitializeUsingRequest(ctx->ReadTransaction, Request,
                                                     EvtProgramDma,
                                                     WdfDmaDirectionReadFromDevice);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    status = WdfDmaTransactionExecute(ctx->ReadTransaction, ctx);
    if (!NT_SUCCESS(status)) {
        WdfDmaTransactionRelease(ctx->ReadTransaction);
        WdfRequestComplete(Request, status);
    }
}

BOOLEAN
Daq::EvtProgramDma(_In_ WDFDMATRANSACTION Transaction, _In_ WDFDEVICE Device,
                   _In_ WDFCONTEXT Context, _In_ WDF_DMA_DIRECTION Direction,
                   _In_ PSCATTER_GATHER_LIST SgList)
{
    PDAQ_CONTEXT    ctx = static_cast<PDAQ_CONTEXT>(Context);
    ULONG           n = min(SgList->NumberOfElements, static_cast<ULONG>(DAQ_DESC_COUNT));

    UNREFERENCED_PARAMETER(Transaction);
    UNREFERENCED_PARAMETER(Device);
    UNREFERENCED_PARAMETER(Direction);

    for (ULONG i = 0; i < n; i++) {
        ctx->DescRingVa[i].Address = SgList->Elements[i].Address.QuadPart;
        ctx->DescRingVa[i].Length  = SgList->Elements[i].Length;
        ctx->DescRingVa[i].Flags   = (i == n - 1) ? 1u : 0u;
    }

    KeMemoryBarrier();
    WriteReg(ctx, DAQ_REG_DOORBELL, n);
    WriteReg(ctx, DAQ_REG_CONTROL, DAQ_CTRL_RUN);
    return TRUE;
}

VOID
Daq::EvtInterruptDpc(_In_ WDFINTERRUPT Interrupt, _In_ WDFOBJECT AssociatedObject)
{
    PDAQ_CONTEXT    ctx = DaqGetContext(static_cast<WDFDEVICE>(AssociatedObject));
    NTSTATUS        status = STATUS_SUCCESS;
    WDFREQUEST      request;
    size_t          bytes;

    UNREFERENCED_PARAMETER(Interrupt);

    if (WdfDmaTransactionDmaCompleted(ctx->ReadTransaction, &status)) {
        status = (ctx->LastStatus & DAQ_STATUS_ERROR) ? STATUS_DEVICE_DATA_ERROR : status;
        request = WdfDmaTransactionGetRequest(ctx->ReadTransaction);
        bytes   = WdfDmaTransactionGetBytesTransferred(ctx->ReadTransaction);
        WdfDmaTransactionRelease(ctx->ReadTransaction);
        WdfRequestCompleteWithInformation(request, status, bytes);
    }
}
