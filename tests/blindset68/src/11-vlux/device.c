#include "vlux.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, VluxEvtDeviceAdd)
#endif

NTSTATUS
VluxEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_FILEOBJECT_CONFIG fileCfg;
    WDF_OBJECT_ATTRIBUTES attr;
    WDF_TIMER_CONFIG timerCfg;
    WDF_WORKITEM_CONFIG workCfg;
    WDF_IO_QUEUE_CONFIG qc;
    PVLUX_CONTEXT ctx;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDeviceD0Entry = VluxEvtD0Entry;
    pnp.EvtDeviceD0Exit = VluxEvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WDF_FILEOBJECT_CONFIG_INIT(&fileCfg, VluxEvtFileCreate, WDF_NO_EVENT_CALLBACK,
                               VluxEvtFileCleanup);
    WdfDeviceInitSetFileObjectConfig(DeviceInit, &fileCfg, WDF_NO_OBJECT_ATTRIBUTES);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attr, VLUX_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attr, &device);
    if (!NT_SUCCESS(status)) {
        VLUX_ERR("WdfDeviceCreate %08x", status);
        return status;
    }

    ctx = VluxGetContext(device);
    ctx->Device = device;

    /* everything the timer and work item touch exists before they do */
    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = device;
    status = WdfSpinLockCreate(&attr, &ctx->Lock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = device;
    status = WdfCollectionCreate(&attr, &ctx->Openers);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchSequential);
    qc.EvtIoDeviceControl = VluxEvtIoctl;
    status = WdfIoQueueCreate(device, &qc, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT(&qc, WdfIoQueueDispatchManual);
    status = WdfIoQueueCreate(device, &qc, WDF_NO_OBJECT_ATTRIBUTES, &ctx->WaitQueue);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_WORKITEM_CONFIG_INIT(&workCfg, VluxEvtNotify);
    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = device;
    status = WdfWorkItemCreate(&workCfg, &attr, &ctx->Notify);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    /* created here, started in D0Entry, stopped in D0Exit */
    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerCfg, VluxEvtTick, VLUX_TICK_MS);
    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = device;
    status = WdfTimerCreate(&timerCfg, &attr, &ctx->Tick);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    return WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_VLUX, NULL);
}

NTSTATUS
VluxEvtD0Entry(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    UNREFERENCED_PARAMETER(PreviousState);
    WdfTimerStart(VluxGetContext(Device)->Tick, WDF_REL_TIMEOUT_IN_MS(VLUX_TICK_MS));
    return STATUS_SUCCESS;
}

NTSTATUS
VluxEvtD0Exit(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PVLUX_CONTEXT ctx = VluxGetContext(Device);
    UNREFERENCED_PARAMETER(TargetState);

    WdfTimerStop(ctx->Tick, TRUE);
    WdfWorkItemFlush(ctx->Notify);
    return STATUS_SUCCESS;
}

VOID
VluxEvtFileCreate(
    _In_ WDFDEVICE     Device,
    _In_ WDFREQUEST    Request,
    _In_ WDFFILEOBJECT FileObject
    )
{
    PVLUX_CONTEXT ctx = VluxGetContext(Device);
    NTSTATUS status;

    WdfSpinLockAcquire(ctx->Lock);
    status = WdfCollectionAdd(ctx->Openers, FileObject);
    WdfSpinLockRelease(ctx->Lock);

    WdfRequestComplete(Request, status);
}

VOID
VluxEvtFileCleanup(
    _In_ WDFFILEOBJECT FileObject
    )
{
    PVLUX_CONTEXT ctx = VluxGetContext(WdfFileObjectGetDevice(FileObject));
    ULONG i, n;

    WdfSpinLockAcquire(ctx->Lock);
    n = WdfCollectionGetCount(ctx->Openers);
    for (i = 0; i < n; i++) {
        if (WdfCollectionGetItem(ctx->Openers, i) == FileObject) {
            WdfCollectionRemoveItem(ctx->Openers, i);
            break;
        }
    }
    WdfSpinLockRelease(ctx->Lock);
}

VOID
VluxEvtTick(
    _In_ WDFTIMER Timer
    )
{
    PVLUX_CONTEXT ctx = VluxGetContext(WdfTimerGetParentObject(Timer));
    ULONG pos, hour, frac, a, b, lux;
    BOOLEAN notify;

    /* one simulated hour every 10 s: 40 ticks per curve point */
    WdfSpinLockAcquire(ctx->Lock);
    pos = ctx->Step++ % (VLUX_CURVE_POINTS * 40);
    hour = pos / 40;
    frac = pos % 40;
    a = g_Vlux.Curve[hour];
    b = g_Vlux.Curve[(hour + 1) % VLUX_CURVE_POINTS];
    lux = (a * (40 - frac) + b * frac) / 40;
    ctx->Lux = lux;
    notify = (lux > ctx->LastNotifiedLux + VLUX_NOTIFY_DELTA) ||
             (lux + VLUX_NOTIFY_DELTA < ctx->LastNotifiedLux);
    if (notify) {
        ctx->LastNotifiedLux = lux;
    }
    WdfSpinLockRelease(ctx->Lock);

    if (notify) {
        WdfWorkItemEnqueue(ctx->Notify);
    }
}

VOID
VluxEvtNotify(
    _In_ WDFWORKITEM WorkItem
    )
{
    PVLUX_CONTEXT ctx = VluxGetContext(WdfWorkItemGetParentObject(WorkItem));
    WDFREQUEST req;
    PULONG out;
    ULONG lux;

    WdfSpinLockAcquire(ctx->Lock);
    lux = ctx->Lux;
    WdfSpinLockRelease(ctx->Lock);

    while (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(ctx->WaitQueue, &req))) {
        if (NT_SUCCESS(WdfRequestRetrieveOutputBuffer(req, sizeof(ULONG), (PVOID *)&out, NULL))) {
            *out = lux;
            WdfRequestCompleteWithInformation(req, STATUS_SUCCESS, sizeof(ULONG));
        } else {
            WdfRequestComplete(req, STATUS_BUFFER_TOO_SMALL);
        }
    }
}

VOID
VluxEvtIoctl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PVLUX_CONTEXT ctx = VluxGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status;
    PULONG out;

    UNREFERENCED_PARAMETER(InputBufferLength);

    if (OutputBufferLength < sizeof(ULONG)) {
        WdfRequestComplete(Request, STATUS_BUFFER_TOO_SMALL);
        return;
    }

    switch (IoControlCode) {
    case IOCTL_VLUX_GET:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID *)&out, NULL);
        if (NT_SUCCESS(status)) {
            WdfSpinLockAcquire(ctx->Lock);
            *out = ctx->Lux;
            WdfSpinLockRelease(ctx->Lock);
            WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(ULONG));
            return;
        }
        break;

    case IOCTL_VLUX_WAIT_CHANGE:
        status = WdfRequestForwardToIoQueue(Request, ctx->WaitQueue);
        if (NT_SUCCESS(status)) {
            return;
        }
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    WdfRequestComplete(Request, status);
}
