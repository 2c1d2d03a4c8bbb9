/*++

Copyright (c) Fabrikam Instruments.  All rights reserved.

Module Name:

    queue.c

Abstract:

    I/O queues for the DAQ-4000 function driver.

        DefaultQueue    parallel, power managed     IOCTLs
        ReadQueue       sequential, power managed   sample reads
        EventQueue      manual, not power managed   parked WAIT_EVENT requests

Environment:

    Kernel mode, KMDF.

--*/

#include "daq.h"

EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL DaqEvtIoDeviceControl;
EVT_WDF_IO_QUEUE_IO_READ DaqEvtIoRead;
EVT_WDF_IO_QUEUE_IO_STOP DaqEvtIoStop;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, DaqQueueInitialize)
#endif


_Use_decl_annotations_
NTSTATUS
DaqQueueInitialize(
    WDFDEVICE Device
    )
{
    PDAQ_DEVICE_CONTEXT context = DaqGetDeviceContext(Device);
    WDF_IO_QUEUE_CONFIG queueConfig;
    NTSTATUS status;

    PAGED_CODE();

    //
    // Default queue: control requests may run concurrently.
    //
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = DaqEvtIoDeviceControl;
    queueConfig.EvtIoStop = DaqEvtIoStop;

    status = WdfIoQueueCreate(Device,
                              &queueConfig,
                              WDF_NO_OBJECT_ATTRIBUTES,
                              &context->DefaultQueue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "default queue failed 0x%08X", status);
        return status;
    }

    //
    // Reads drain the FIFO and must be serialized.
    //
    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead = DaqEvtIoRead;
    queueConfig.EvtIoStop = DaqEvtIoStop;

    status = WdfIoQueueCreate(Device,
                              &queueConfig,
                              WDF_NO_OBJECT_ATTRIBUTES,
                              &context->ReadQueue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "read queue failed 0x%08X", status);
        return status;
    }

    status = WdfDeviceConfigureRequestDispatching(Device,
                                                  context->ReadQueue,
                                                  WdfRequestTypeRead);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    //
    // Event waiters are parked here until the DPC completes them.  Not
    // power managed, so they stay pending across idle transitions.
    //
    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    queueConfig.PowerManaged = WdfFalse;

    status = WdfIoQueueCreate(Device,
                              &queueConfig,
                              WDF_NO_OBJECT_ATTRIBUTES,
                              &context->EventQueue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "event queue failed 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}


_Use_decl_annotations_
VOID
DaqEvtIoDeviceControl(
    WDFQUEUE Queue,
    WDFREQUEST Request,
    size_t OutputBufferLength,
    size_t InputBufferLength,
    ULONG IoControlCode
    )
{
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    PDAQ_DEVICE_CONTEXT context = DaqGetDeviceContext(device);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR information = 0;
    PULONG rate;
    PDAQ_STATUS daqStatus;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {

    case IOCTL_DAQ_START:
    case IOCTL_DAQ_STOP:

        WdfSpinLockAcquire(context->StateLock);
        context->Running = (IoControlCode == IOCTL_DAQ_START);
        DaqWriteRegister(context, DAQ_REG_CONTROL, context->Running ? DAQ_CTRL_RUN : 0);
        WdfSpinLockRelease(context->StateLock);
        break;

    case IOCTL_DAQ_SET_SAMPLE_RATE:

        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), (PVOID *)&rate, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }

        if (*rate == 0) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }

        WdfSpinLockAcquire(context->StateLock);
        context->SampleRate = *rate;
        DaqWriteRegister(context, DAQ_REG_SAMPLE_RATE, *rate);
        WdfSpinLockRelease(context->StateLock);
        break;

    case IOCTL_DAQ_GET_STATUS:

        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(DAQ_STATUS), (PVOID *)&daqStatus, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }

        WdfSpinLockAcquire(context->StateLock);
        daqStatus->Running = context->Running;
        daqStatus->SampleRate = context->SampleRate;
        daqStatus->Overruns = context->Overruns;
        daqStatus->Triggers = context->Triggers;
        WdfSpinLockRelease(context->StateLock);

        daqStatus->FifoLevel = DaqReadRegister(context, DAQ_REG_FIFO_LEVEL);
        information = sizeof(DAQ_STATUS);
        break;

    case IOCTL_DAQ_WAIT_EVENT:

        if (OutputBufferLength < sizeof(DAQ_EVENT)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }

        status = WdfRequestForwardToIoQueue(Request, context->EventQueue);
        if (NT_SUCCESS(status)) {
            //
            // Owned by the event queue now.
            //
            return;
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, information);
}


_Use_decl_annotations_
VOID
DaqEvtIoRead(
    WDFQUEUE Queue,
    WDFREQUEST Request,
    size_t Length
    )
/*++

Routine Description:

    Copies whatever whole samples are currently in the FIFO (up to the
    request length) and completes immediately.

--*/
{
    PDAQ_DEVICE_CONTEXT context = DaqGetDeviceContext(WdfIoQueueGetDevice(Queue));
    PULONG buffer;
    size_t bufferLength;
    ULONG available;
    ULONG toCopy;
    ULONG i;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Length);

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID *)&buffer, &bufferLength);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    available = DaqReadRegister(context, DAQ_REG_FIFO_LEVEL);
    if (available > DAQ_FIFO_DEPTH) {
        available = DAQ_FIFO_DEPTH;
    }

    toCopy = (ULONG)min(bufferLength / sizeof(ULONG), (size_t)available);

    for (i = 0; i < toCopy; i++) {
        buffer[i] = DaqReadRegister(context, DAQ_REG_DATA_WINDOW);
    }

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, (ULONG_PTR)toCopy * sizeof(ULONG));
}


_Use_decl_annotations_
VOID
DaqEvtIoStop(
    WDFQUEUE Queue,
    WDFREQUEST Request,
    ULONG ActionFlags
    )
{
    UNREFERENCED_PARAMETER(Queue);

    //
    // Every request this driver owns completes synchronously in the
    // handler that received it, except those parked in the (non power
    // managed) event queue.  On suspend, acknowledge; on purge the
    // handler that owns the request is about to complete it anyway.
    //
    if (ActionFlags & WdfRequestStopActionSuspend) {
        WdfRequestStopAcknowledge(Request, FALSE);
    }
}


_Use_decl_annotations_
VOID
DaqCompleteEventWaiters(
    PDAQ_DEVICE_CONTEXT Context,
    ULONG InterruptStatus
    )
/*++

Routine Description:

    Completes every parked WAIT_EVENT request with the latest status.
    Called from the interrupt DPC.

--*/
{
    WDFREQUEST request;
    PDAQ_EVENT event;
    NTSTATUS status;
    ULONG fifoLevel = DaqReadRegister(Context, DAQ_REG_FIFO_LEVEL);

    for (;;) {

        status = WdfIoQueueRetrieveNextRequest(Context->EventQueue, &request);
        if (!NT_SUCCESS(status)) {
            break;
        }

        status = WdfRequestRetrieveOutputBuffer(request, sizeof(DAQ_EVENT), (PVOID *)&event, NULL);
        if (NT_SUCCESS(status)) {
            event->InterruptStatus = InterruptStatus;
            event->FifoLevel = fifoLevel;
            WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, sizeof(DAQ_EVENT));
        } else {
            WdfRequestComplete(request, status);
        }
    }
}
