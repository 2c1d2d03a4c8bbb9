/*
 * device.c - control device object, IOCTL queue, heartbeat timer
 */
#include "heartbeat.h"

#ifdef WPP_ENABLED
#include "device.tmh"
#endif

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, HbCreateControlDevice)
#endif

VOID
HbEvtTimer(
    _In_ WDFTIMER Timer
    )
{
    PHB_DEVICE_CONTEXT ctx = HbGetContext((WDFDEVICE)WdfTimerGetParentObject(Timer));
    ULONG64 beats;

    WdfSpinLockAcquire(ctx->Lock);
    beats = ++ctx->Beats;
    WdfSpinLockRelease(ctx->Lock);

    if ((beats % 60) == 0) {
        TraceEvents(TRACE_LEVEL_VERBOSE, DBG_TIMER, "beat %I64u", beats);
    }
}

VOID
HbEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PHB_DEVICE_CONTEXT ctx = HbGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status;
    size_t info = 0;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_HB_QUERY:
    {
        PHB_QUERY_OUT out;

        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(*out), (PVOID *)&out, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        WdfSpinLockAcquire(ctx->Lock);
        out->Beats = ctx->Beats;
        out->PeriodMs = ctx->PeriodMs;
        WdfSpinLockRelease(ctx->Lock);
        out->Reserved = 0;
        info = sizeof(*out);
        break;
    }

    case IOCTL_HB_RESET:
        WdfSpinLockAcquire(ctx->Lock);
        ctx->Beats = 0;
        WdfSpinLockRelease(ctx->Lock);
        status = STATUS_SUCCESS;
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

NTSTATUS
HbCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    PWDFDEVICE_INIT deviceInit;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_TIMER_CONFIG timerConfig;
    WDFDEVICE device = NULL;
    PHB_DEVICE_CONTEXT ctx;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(ntName, HB_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, HB_DOS_NAME);

    PAGED_CODE();

    deviceInit = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R);
    if (deviceInit == NULL) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "WdfControlDeviceInitAllocate failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetIoType(deviceInit, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(deviceInit, &ntName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "WdfDeviceInitAssignName 0x%08X", status);
        WdfDeviceInitFree(deviceInit);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, HB_DEVICE_CONTEXT);

    status = WdfDeviceCreate(&deviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        // deviceInit is still ours when WdfDeviceCreate fails
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "WdfDeviceCreate 0x%08X", status);
        WdfDeviceInitFree(deviceInit);
        return status;
    }

    // from here on the device owns everything; deleting it undoes the rest
    ctx = HbGetContext(device);
    ctx->PeriodMs = HB_PERIOD_MS;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &ctx->Lock);
    if (!NT_SUCCESS(status)) {
        goto fail;
    }

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "WdfDeviceCreateSymbolicLink 0x%08X", status);
        goto fail;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = HbEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_INIT, "WdfIoQueueCreate 0x%08X", status);
        goto fail;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, HbEvtTimer, HB_PERIOD_MS);
    timerConfig.AutomaticSerialization = FALSE;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfTimerCreate(&timerConfig, &attributes, &ctx->Timer);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, DBG_TIMER, "WdfTimerCreate 0x%08X", status);
        goto fail;
    }

    // the framework holds I/O for a control device until this is called
    WdfControlFinishInitializing(device);

    g_Hb.ControlDevice = device;
    WdfTimerStart(ctx->Timer, WDF_REL_TIMEOUT_IN_MS(HB_PERIOD_MS));

    TraceEvents(TRACE_LEVEL_INFORMATION, DBG_INIT, "control device ready");
    return STATUS_SUCCESS;

fail:
    WdfObjectDelete(device);
    return status;
}
