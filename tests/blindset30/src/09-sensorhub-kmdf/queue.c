// queue.c - default IOCTL queue and the manual queue for sample waiters

#include "driver.h"
#include "queue.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, ShQueueInitialize)
#endif

_Use_decl_annotations_
NTSTATUS
ShQueueInitialize(
    WDFDEVICE Device,
    PSH_DEVICE_CONTEXT Context
    )
{
    NTSTATUS status;
    WDF_IO_QUEUE_CONFIG queueConfig;

    PAGED_CODE();

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = ShEvtIoDeviceControl;

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &Context->DefaultQueue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "default queue failed %!STATUS!", status);
        return status;
    }

    // parked requests are cancelled by the framework when the queue is purged on removal
    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &Context->PendingQueue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "pending queue failed %!STATUS!", status);
        return status;
    }

    return STATUS_SUCCESS;
}

static
VOID
ShCompleteWithSample(
    _In_ WDFREQUEST Request,
    _In_ const SH_SAMPLE *Sample
    )
{
    NTSTATUS status;
    PSH_SAMPLE out;

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(SH_SAMPLE), (PVOID *)&out, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    *out = *Sample;
    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(SH_SAMPLE));
}

VOID
ShCompleteWaiters(
    _In_ PSH_DEVICE_CONTEXT Context,
    _In_ const SH_SAMPLE *Sample
    )
{
    WDFREQUEST request;

    while (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(Context->PendingQueue, &request))) {
        ShCompleteWithSample(request, Sample);
    }
}

VOID
ShEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    PSH_DEVICE_CONTEXT context = ShGetDeviceContext(device);
    NTSTATUS status;
    SH_SAMPLE latest;

    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {

    case IOCTL_SH_GET_LATEST:
        WdfSpinLockAcquire(context->SampleLock);
        latest = context->Latest;
        WdfSpinLockRelease(context->SampleLock);

        ShCompleteWithSample(Request, &latest);
        break;

    case IOCTL_SH_WAIT_SAMPLE:
        if (OutputBufferLength < sizeof(SH_SAMPLE)) {
            WdfRequestComplete(Request, STATUS_BUFFER_TOO_SMALL);
            break;
        }

        status = WdfRequestForwardToIoQueue(Request, context->PendingQueue);
        if (!NT_SUCCESS(status)) {
            TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "forward failed %!STATUS!", status);
            WdfRequestComplete(Request, status);
        }
        break;

    default:
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        break;
    }
}
