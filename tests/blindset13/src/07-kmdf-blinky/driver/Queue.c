/*
 * Queue.c - default queue: read the counters, change the blink period.
 */
#include "Driver.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, BlinkyQueueInitialize)
#endif

NTSTATUS
BlinkyQueueInitialize(
    _In_ WDFDEVICE Device
    )
{
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFQUEUE queue;
    NTSTATUS status;

    PAGED_CODE();

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = BlinkyEvtIoDeviceControl;

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(BLINKY_LOG_ERROR, "WdfIoQueueCreate 0x%08X", status);
    }
    return status;
}

VOID
BlinkyEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PDEVICE_CONTEXT ctx = DeviceGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PVOID buffer;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_BLINKY_GET_TICKS:
        status = WdfRequestRetrieveOutputBuffer(Request, 2 * sizeof(ULONG64), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            ((ULONG64 *)buffer)[0] = ctx->Ticks;
            ((ULONG64 *)buffer)[1] = ctx->Blinks;
            info = 2 * sizeof(ULONG64);
        }
        break;

    case IOCTL_BLINKY_SET_PERIOD:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), &buffer, NULL);
        if (NT_SUCCESS(status)) {
            ULONG period = *(PULONG)buffer;
            if (period < BLINKY_MIN_PERIOD_MS) {
                status = STATUS_INVALID_PARAMETER;
                break;
            }
            // the periodic interval is fixed at creation; restart with the new due time
            ctx->PeriodMs = period;
            WdfTimerStart(ctx->Timer, WDF_REL_TIMEOUT_IN_MS(period));
        }
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
