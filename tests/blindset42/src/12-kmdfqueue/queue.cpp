// queue.cpp - default queue + the manual "wait for next tick" queue
#include "driver.h"

namespace tick {

#pragma code_seg("PAGE")
NTSTATUS QueueInitialize(WDFDEVICE Device)
{
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFQUEUE queue;
    NTSTATUS status;

    PAGED_CODE();

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = EvtIoDeviceControl;

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TL_ERROR, TRACE_QUEUE, "default queue failed %08X", status);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES,
                              &DeviceGetContext(Device)->WaitQueue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TL_ERROR, TRACE_QUEUE, "wait queue failed %08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}
#pragma code_seg()

_Use_decl_annotations_
VOID EvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                        size_t InputBufferLength, ULONG IoControlCode)
{
    PDEVICE_CONTEXT ctx = DeviceGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    PVOID buffer = nullptr;

    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_TICK_GET:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), &buffer, nullptr);
        if (NT_SUCCESS(status)) {
            *static_cast<PULONG>(buffer) = static_cast<ULONG>(ctx->Ticks);
            WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(ULONG));
            return;
        }
        break;

    case IOCTL_TICK_WAIT:
        if (OutputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = WdfRequestForwardToIoQueue(Request, ctx->WaitQueue);
        if (NT_SUCCESS(status)) {
            return;     // EvtTimer completes it
        }
        TraceEvents(TL_WARN, TRACE_QUEUE, "forward failed %08X", status);
        break;

    default:
        break;
    }

    WdfRequestComplete(Request, status);
}

} // namespace tick
