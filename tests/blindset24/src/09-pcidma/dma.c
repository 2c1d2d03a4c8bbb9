/*++

Copyright (c) Northgate Instruments.  All rights reserved.

Module Name:

    dma.c

Abstract:

    Scatter/gather DMA for the NGI-4410 driver: DMA enabler, descriptor
    ring, request start-up and completion.

Environment:

    Kernel mode, KMDF

--*/

#include "pcidma.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, PdDmaInitialize)
#endif

_Use_decl_annotations_
NTSTATUS
PdDmaInitialize(
    PPD_DEVICE_CONTEXT DevCtx
    )
/*++

Routine Description:

    Called from EvtDriverDeviceAdd.  Every object created here is a child
    of the device (directly or through the enabler), so nothing needs to be
    deleted explicitly on failure or at removal.

--*/
{
    NTSTATUS status;
    WDF_DMA_ENABLER_CONFIG dmaConfig;
    size_t ringBytes;

    PAGED_CODE();

    WdfDeviceSetAlignmentRequirement(DevCtx->Device, PD_DMA_ALIGNMENT);

    WDF_DMA_ENABLER_CONFIG_INIT(&dmaConfig,
                                WdfDmaProfileScatterGather64Duplex,
                                DevCtx->MaxTransferLength);

    status = WdfDmaEnablerCreate(DevCtx->Device, &dmaConfig, WDF_NO_OBJECT_ATTRIBUTES,
                                 &DevCtx->DmaEnabler);
    PD_RETURN_IF_FAILED(status, "WdfDmaEnablerCreate failed");

    //
    // A transfer can never need more map registers than descriptors.
    //
    WdfDmaEnablerSetMaximumScatterGatherElements(DevCtx->DmaEnabler,
                                                 DevCtx->DescriptorCount);

    ringBytes = (size_t)DevCtx->DescriptorCount * sizeof(PD_DESCRIPTOR);

    status = WdfCommonBufferCreate(DevCtx->DmaEnabler, ringBytes, WDF_NO_OBJECT_ATTRIBUTES,
                                   &DevCtx->DescriptorRing);
    PD_RETURN_IF_FAILED(status, "WdfCommonBufferCreate failed");

    DevCtx->DescriptorVa =
        (PPD_DESCRIPTOR)WdfCommonBufferGetAlignedVirtualAddress(DevCtx->DescriptorRing);
    DevCtx->DescriptorLa = WdfCommonBufferGetAlignedLogicalAddress(DevCtx->DescriptorRing);
    RtlZeroMemory(DevCtx->DescriptorVa, ringBytes);

    status = WdfDmaTransactionCreate(DevCtx->DmaEnabler, WDF_NO_OBJECT_ATTRIBUTES,
                                     &DevCtx->Transaction);
    PD_RETURN_IF_FAILED(status, "WdfDmaTransactionCreate failed");

    return STATUS_SUCCESS;
}

static VOID
PdStartTransfer(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length,
    _In_ WDF_DMA_DIRECTION Direction
    )
{
    PPD_DEVICE_CONTEXT devCtx = PdGetDeviceContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status;

    if (Length == 0) {
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, 0);
        return;
    }

    status = WdfDmaTransactionInitializeUsingRequest(devCtx->Transaction, Request,
                                                     PdEvtProgramDma, Direction);
    if (!NT_SUCCESS(status)) {
        PD_TRACE_ERROR("WdfDmaTransactionInitializeUsingRequest failed", status);
        WdfRequestComplete(Request, status);
        return;
    }

    devCtx->CurrentRequest = Request;

    status = WdfDmaTransactionExecute(devCtx->Transaction, devCtx);
    if (!NT_SUCCESS(status)) {
        PD_TRACE_ERROR("WdfDmaTransactionExecute failed", status);
        devCtx->CurrentRequest = NULL;
        WdfDmaTransactionRelease(devCtx->Transaction);
        WdfRequestComplete(Request, status);
    }
}

VOID
PdEvtIoRead(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    )
{
    PdStartTransfer(Queue, Request, Length, WdfDmaDirectionReadFromDevice);
}

VOID
PdEvtIoWrite(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    )
{
    PdStartTransfer(Queue, Request, Length, WdfDmaDirectionWriteToDevice);
}

BOOLEAN
PdEvtProgramDma(
    _In_ WDFDMATRANSACTION Transaction,
    _In_ WDFDEVICE Device,
    _In_ WDFCONTEXT Context,
    _In_ WDF_DMA_DIRECTION Direction,
    _In_ PSCATTER_GATHER_LIST SgList
    )
{
    PPD_DEVICE_CONTEXT devCtx = (PPD_DEVICE_CONTEXT)Context;
    ULONG i;
    ULONG control;

    UNREFERENCED_PARAMETER(Transaction);
    UNREFERENCED_PARAMETER(Device);

    //
    // The enabler was told the ring size, so the framework never hands us
    // more elements than descriptors.
    //
    NT_ASSERT(SgList->NumberOfElements != 0);
    NT_ASSERT(SgList->NumberOfElements <= devCtx->DescriptorCount);

    for (i = 0; i < SgList->NumberOfElements; i++) {
        devCtx->DescriptorVa[i].Address = (ULONG64)SgList->Elements[i].Address.QuadPart;
        devCtx->DescriptorVa[i].Length = SgList->Elements[i].Length;
        devCtx->DescriptorVa[i].Flags = 0;
    }
    devCtx->DescriptorVa[SgList->NumberOfElements - 1].Flags = PD_DESC_LAST;

    KeMemoryBarrier();

    control = PD_CTRL_ENABLE;
    if (Direction == WdfDmaDirectionWriteToDevice) {
        control |= PD_CTRL_DIR_TO_DEVICE;
    }

    WdfInterruptAcquireLock(devCtx->Interrupt);
    WRITE_REGISTER_ULONG(&devCtx->Registers->Control, control);
    WRITE_REGISTER_ULONG(&devCtx->Registers->Doorbell, SgList->NumberOfElements);
    WdfInterruptReleaseLock(devCtx->Interrupt);

    return TRUE;
}

_Use_decl_annotations_
VOID
PdDmaCompleteCurrent(
    PPD_DEVICE_CONTEXT DevCtx,
    ULONG InterruptStatus
    )
{
    NTSTATUS status = STATUS_SUCCESS;
    WDFREQUEST request;
    size_t bytes;
    BOOLEAN done;

    request = DevCtx->CurrentRequest;
    if (request == NULL) {
        //
        // Spurious completion (e.g. after a reset).
        //
        return;
    }

    if (InterruptStatus & PD_INT_DMA_ERROR) {
        done = WdfDmaTransactionDmaCompletedFinal(DevCtx->Transaction, 0, &status);
        status = STATUS_DEVICE_DATA_ERROR;
    } else if (InterruptStatus & PD_INT_DMA_DONE) {
        //
        // Returns FALSE if more fragments remain; the framework then calls
        // PdEvtProgramDma again for the next one.
        //
        done = WdfDmaTransactionDmaCompleted(DevCtx->Transaction, &status);
    } else {
        return;
    }

    if (!done) {
        return;
    }

    bytes = WdfDmaTransactionGetBytesTransferred(DevCtx->Transaction);
    WdfDmaTransactionRelease(DevCtx->Transaction);

    DevCtx->CurrentRequest = NULL;
    WdfRequestCompleteWithInformation(request, status, NT_SUCCESS(status) ? bytes : 0);
}
