/*
 * queue.c - parallel default queue for IOCTLs plus a manual queue where
 * WAIT_THRESHOLD requests wait for the timer to see the threshold crossed.
 */
#include "thermsim.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, TsQueueInitialize)
#endif

NTSTATUS
TsQueueInitialize(
    _In_ WDFDEVICE Device
    )
{
    PTS_DEVICE_CONTEXT ctx = TsGetDeviceContext(Device);
    WDF_IO_QUEUE_CONFIG queueConfig;
    NTSTATUS status;

    PAGED_CODE();

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = TsEvtIoDeviceControl;

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->DefaultQueue);
    if (TS_FAILED(status)) {
        TsLog(DPFLTR_ERROR_LEVEL, "default queue creation failed 0x%08X", status);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);

    status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->NotifyQueue);
    if (TS_FAILED(status)) {
        TsLog(DPFLTR_ERROR_LEVEL, "notify queue creation failed 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
TsEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PTS_DEVICE_CONTEXT ctx = TsGetDeviceContext(WdfIoQueueGetDevice(Queue));
    PTHERMSIM_READING reading;
    PLONG threshold;
    size_t information = 0;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_THERMSIM_GET_READING:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(THERMSIM_READING), (PVOID*)&reading, NULL);
        if (TS_FAILED(status)) {
            break;
        }
        TsSnapshot(ctx, reading);
        information = sizeof(THERMSIM_READING);
        break;

    case IOCTL_THERMSIM_SET_THRESHOLD:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(LONG), (PVOID*)&threshold, NULL);
        if (TS_FAILED(status)) {
            break;
        }
        if (*threshold < THERMSIM_MIN_THRESHOLD_MC || *threshold > THERMSIM_MAX_THRESHOLD_MC) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        WdfSpinLockAcquire(ctx->StateLock);
        ctx->ThresholdMilliC = *threshold;
        WdfSpinLockRelease(ctx->StateLock);
        break;

    case IOCTL_THERMSIM_WAIT_THRESHOLD:
        if (OutputBufferLength < sizeof(THERMSIM_READING)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = WdfRequestForwardToIoQueue(Request, ctx->NotifyQueue);
        if (TS_SUCCEEDED(status)) {
            return;     // the manual queue owns the request now
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, information);
}
