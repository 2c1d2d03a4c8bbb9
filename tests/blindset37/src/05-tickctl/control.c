/*
 * control.c - control device, IOCTL queue and the periodic timer
 */
#include "tickctl.h"

#ifdef TICK_WPP
#include "control.tmh"
#endif

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, TickCreateControlDevice)
#endif

VOID
TickEvtTimer(
    _In_ WDFTIMER Timer
    )
{
    WDFDEVICE device = (WDFDEVICE)WdfTimerGetParentObject(Timer);
    PTICK_CONTEXT ctx = TickGetContext(device);
    LONG64 now;

    now = InterlockedIncrement64(&ctx->Ticks);

    if ((now % (60000 / TICK_PERIOD_MS)) == 0) {
        TraceEvents(TL_VERBOSE, TRACE_FLAG_TIMER, "another minute, %lld ticks", now);
    }
}

VOID
TickEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    PTICK_CONTEXT ctx = TickGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PLONG64 out;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_TICK_GET_COUNT:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(LONG64), (PVOID *)&out, NULL);
        if (NT_SUCCESS(status)) {
            *out = InterlockedCompareExchange64(&ctx->Ticks, 0, 0);
            info = sizeof(LONG64);
        }
        break;

    case IOCTL_TICK_RESET:
        InterlockedExchange64(&ctx->Ticks, 0);
        KeQuerySystemTime(&ctx->StartTime);
        status = STATUS_SUCCESS;
        break;

    default:
        TraceEvents(TL_WARNING, TRACE_FLAG_DEVICE, "bad ioctl 0x%08X", IoControlCode);
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

NTSTATUS
TickCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    PWDFDEVICE_INIT init;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_TIMER_CONFIG timerConfig;
    WDFDEVICE device;
    WDFQUEUE queue;
    WDFTIMER timer;
    PTICK_CONTEXT ctx;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(ntName, TICK_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, TICK_DOS_NAME);

    PAGED_CODE();

    //
    // admins + system only
    //
    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    WdfDeviceInitSetIoType(init, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(init, &ntName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TL_ERROR, TRACE_FLAG_DEVICE, "WdfDeviceInitAssignName 0x%08X", status);
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, TICK_CONTEXT);

    status = WdfDeviceCreate(&init, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TL_ERROR, TRACE_FLAG_DEVICE, "WdfDeviceCreate 0x%08X", status);
        return status;
    }

    ctx = TickGetContext(device);
    KeQuerySystemTime(&ctx->StartTime);

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TL_ERROR, TRACE_FLAG_DEVICE, "WdfDeviceCreateSymbolicLink 0x%08X", status);
        goto DeleteDevice;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = TickEvtIoDeviceControl;

    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, &queue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TL_ERROR, TRACE_FLAG_DEVICE, "WdfIoQueueCreate 0x%08X", status);
        goto DeleteDevice;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, TickEvtTimer, TICK_PERIOD_MS);
    timerConfig.AutomaticSerialization = FALSE;     // we only touch Ticks, interlocked

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;

    status = WdfTimerCreate(&timerConfig, &attributes, &timer);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TL_ERROR, TRACE_FLAG_TIMER, "WdfTimerCreate 0x%08X", status);
        goto DeleteDevice;
    }
    ctx->Timer = timer;

    g_ControlDevice = device;

    WdfTimerStart(timer, WDF_REL_TIMEOUT_IN_MS(TICK_PERIOD_MS));

    TraceEvents(TL_INFO, TRACE_FLAG_DEVICE, "control device up, period %u ms", TICK_PERIOD_MS);
    return STATUS_SUCCESS;

DeleteDevice:
    WdfObjectDelete(device);
    return status;
}
