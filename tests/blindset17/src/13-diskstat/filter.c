/*++

Module Name:

    filter.c

Abstract:

    Filter device creation and the I/O path: reads and writes are sent down
    with a completion routine that updates the counters; everything else is
    forwarded untouched.

--*/
#include "diskstat.h"
#include "filter.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, DsEvtDeviceAdd)
#pragma alloc_text(PAGE, DsEvtDeviceContextCleanup)
#endif

NTSTATUS
DsEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    PDRIVER_CONTEXT driverCtx = DsGetDriverContext(Driver);
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    PDEVICE_CONTEXT ctx;
    WDFDEVICE device;
    WDFQUEUE queue;
    NTSTATUS status;

    PAGED_CODE();

    WdfFdoInitSetFilter(DeviceInit);
    WdfDeviceInitSetDeviceType(DeviceInit, FILE_DEVICE_DISK);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);
    attributes.EvtCleanupCallback = DsEvtDeviceContextCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate failed %!STATUS!", status);
        return status;
    }

    ctx = DsGetDeviceContext(device);
    ctx->Device = device;
    ctx->Target = WdfDeviceGetIoTarget(device);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoRead = DsEvtIoRead;
    queueConfig.EvtIoWrite = DsEvtIoWrite;
    queueConfig.EvtIoDeviceControl = DsEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfIoQueueCreate failed %!STATUS!", status);
        return status;
    }

    WdfWaitLockAcquire(driverCtx->DevicesLock, NULL);
    status = WdfCollectionAdd(driverCtx->Devices, device);
    WdfWaitLockRelease(driverCtx->DevicesLock);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_WARNING, TRACE_DEVICE, "not tracked in collection %!STATUS!", status);
        status = STATUS_SUCCESS;
    }

    return status;
}

VOID
DsEvtDeviceContextCleanup(
    _In_ WDFOBJECT Device
    )
{
    PDRIVER_CONTEXT driverCtx = DsGetDriverContext(WdfGetDriver());
    ULONG count;
    ULONG i;

    PAGED_CODE();

    WdfWaitLockAcquire(driverCtx->DevicesLock, NULL);
    count = WdfCollectionGetCount(driverCtx->Devices);
    for (i = 0; i < count; i++) {
        if (WdfCollectionGetItem(driverCtx->Devices, i) == Device) {
            WdfCollectionRemoveItem(driverCtx->Devices, i);
            break;
        }
    }
    WdfWaitLockRelease(driverCtx->DevicesLock);
}

static VOID
DsForward(
    _In_ WDFREQUEST Request,
    _In_ WDFIOTARGET Target
    )
{
    WDF_REQUEST_SEND_OPTIONS options;

    WDF_REQUEST_SEND_OPTIONS_INIT(&options, WDF_REQUEST_SEND_OPTION_SEND_AND_FORGET);
    if (!WdfRequestSend(Request, Target, &options)) {
        NTSTATUS status = WdfRequestGetStatus(Request);
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_QUEUE, "WdfRequestSend failed %!STATUS!", status);
        WdfRequestComplete(Request, status);
    }
}

static ULONG
DsBucket(
    _In_ LONGLONG Ticks100ns
    )
{
    LONGLONG us = Ticks100ns / 10;
    ULONG bucket = 0;

    us /= 16;
    while (us > 1 && bucket < DS_HISTOGRAM_BUCKETS - 1) {
        us >>= 1;
        bucket++;
    }
    return bucket;
}

VOID
DsEvtRequestCompletion(
    _In_ WDFREQUEST Request,
    _In_ WDFIOTARGET Target,
    _In_ PWDF_REQUEST_COMPLETION_PARAMS Params,
    _In_ WDFCONTEXT Context
    )
{
    PDS_REQUEST_CONTEXT rc = (PDS_REQUEST_CONTEXT)Context;
    PDRIVER_CONTEXT driverCtx = DsGetDriverContext(WdfGetDriver());
    PDEVICE_CONTEXT ctx = rc->DeviceContext;
    LARGE_INTEGER now;

    UNREFERENCED_PARAMETER(Target);

    if (NT_SUCCESS(Params->IoStatus.Status)) {
        if (rc->Write) {
            InterlockedIncrement64(&ctx->Stats.Writes);
            InterlockedAdd64(&ctx->Stats.BytesWritten, (LONG64)Params->IoStatus.Information);
        } else {
            InterlockedIncrement64(&ctx->Stats.Reads);
            InterlockedAdd64(&ctx->Stats.BytesRead, (LONG64)Params->IoStatus.Information);
        }
        if (driverCtx->Params.TrackLatency) {
            now = KeQueryPerformanceCounter(NULL);
            InterlockedIncrement64(&ctx->Stats.Latency[DsBucket(now.QuadPart - rc->Start.QuadPart)]);
        }
    }

    ExFreeToLookasideListEx(&driverCtx->RequestLookaside, rc);
    WdfRequestComplete(Request, Params->IoStatus.Status);
}

static VOID
DsSendWithCompletion(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length,
    _In_ BOOLEAN Write
    )
{
    PDEVICE_CONTEXT ctx = DsGetDeviceContext(WdfIoQueueGetDevice(Queue));
    PDRIVER_CONTEXT driverCtx = DsGetDriverContext(WdfGetDriver());
    PDS_REQUEST_CONTEXT rc;
    NTSTATUS status;

    if (!driverCtx->Params.Enabled) {
        DsForward(Request, ctx->Target);
        return;
    }

    rc = (PDS_REQUEST_CONTEXT)ExAllocateFromLookasideListEx(&driverCtx->RequestLookaside);
    if (rc == NULL) {
        DsForward(Request, ctx->Target);
        return;
    }
    rc->DeviceContext = ctx;
    rc->Write = Write;
    rc->Length = Length;
    rc->Start = KeQueryPerformanceCounter(NULL);

    WdfRequestFormatRequestUsingCurrentType(Request);
    WdfRequestSetCompletionRoutine(Request, DsEvtRequestCompletion, rc);

    if (!WdfRequestSend(Request, ctx->Target, WDF_NO_SEND_OPTIONS)) {
        status = WdfRequestGetStatus(Request);
        ExFreeToLookasideListEx(&driverCtx->RequestLookaside, rc);
        WdfRequestComplete(Request, status);
    }
}

VOID
DsEvtIoRead(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    )
{
    DsSendWithCompletion(Queue, Request, Length, FALSE);
}

VOID
DsEvtIoWrite(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t Length
    )
{
    DsSendWithCompletion(Queue, Request, Length, TRUE);
}

VOID
DsEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PDEVICE_CONTEXT ctx = DsGetDeviceContext(WdfIoQueueGetDevice(Queue));
    PDS_STATS out;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_DISKSTAT_QUERY:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(DS_STATS), (PVOID *)&out, NULL);
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(out, &ctx->Stats, sizeof(DS_STATS));
            WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(DS_STATS));
        } else {
            WdfRequestComplete(Request, status);
        }
        return;

    case IOCTL_DISKSTAT_RESET:
        RtlZeroMemory(&ctx->Stats, sizeof(ctx->Stats));
        WdfRequestComplete(Request, STATUS_SUCCESS);
        return;

    default:
        DsForward(Request, ctx->Target);
        return;
    }
}
