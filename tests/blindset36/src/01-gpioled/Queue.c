/*
 * Queue.c - I/O queues and IOCTL dispatch for gpioled.
 */
#include "Driver.h"
#include "Queue.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text (PAGE, GpioLedQueueInitialize)
#endif

NTSTATUS
GpioLedQueueInitialize(
    _In_ WDFDEVICE Device
    )
{
    PDEVICE_CONTEXT     devCtx = DeviceGetContext(Device);
    WDF_IO_QUEUE_CONFIG queueConfig;
    NTSTATUS            status;

    PAGED_CODE();

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = GpioLedEvtIoDeviceControl;

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES,
                              &devCtx->DefaultQueue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE,
                    "default queue create failed %!STATUS!", status);
        return status;
    }

    //
    // Manual queue where WAIT_BUTTON requests sit until the DPC runs.
    // Power managed so parked requests are held across Dx.
    //
    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES,
                              &devCtx->ButtonQueue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE,
                    "button queue create failed %!STATUS!", status);
    }
    return status;
}

VOID
GpioLedEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    WDFDEVICE       device = WdfIoQueueGetDevice(Queue);
    PDEVICE_CONTEXT devCtx = DeviceGetContext(device);
    NTSTATUS        status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR       info = 0;
    PULONG          buf;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_GPIOLED_SET_LEDS:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(ULONG), (PVOID*)&buf, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        WdfInterruptAcquireLock(devCtx->Interrupt);
        devCtx->LedShadow = *buf;
        WRITE_LED_REG(devCtx, LED_REG_CTRL, devCtx->LedShadow);
        WdfInterruptReleaseLock(devCtx->Interrupt);
        break;

    case IOCTL_GPIOLED_GET_LEDS:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID*)&buf, NULL);
        if (NT_SUCCESS(status)) {
            *buf = devCtx->LedShadow;
            info = sizeof(ULONG);
        }
        break;

    case IOCTL_GPIOLED_WAIT_BUTTON:
        status = WdfRequestForwardToIoQueue(Request, devCtx->ButtonQueue);
        if (NT_SUCCESS(status)) {
            return;             /* DPC owns it now */
        }
        break;

    default:
        TraceEvents(TRACE_LEVEL_WARNING, TRACE_QUEUE, "unknown ioctl 0x%x", IoControlCode);
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
