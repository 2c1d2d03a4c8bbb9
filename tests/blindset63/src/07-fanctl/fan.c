/*
 * fan.c - per-board AddDevice, resources, tach interrupt and the poll timer
 */
#include "fanctl.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, FanEvtDeviceAdd)
#pragma alloc_text(PAGE, FanEvtPrepareHardware)
#pragma alloc_text(PAGE, FanEvtReleaseHardware)
#endif

#define REG_RD(c, r)        READ_REGISTER_ULONG((PULONG)&(c)->Regs[(r)])
#define REG_WR(c, r, v)     WRITE_REGISTER_ULONG((PULONG)&(c)->Regs[(r)], (v))

NTSTATUS
FanEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS                        status;
    WDF_PNPPOWER_EVENT_CALLBACKS    pnp;
    WDF_OBJECT_ATTRIBUTES           attributes;
    WDF_INTERRUPT_CONFIG            interruptConfig;
    WDF_TIMER_CONFIG                timerConfig;
    WDF_IO_QUEUE_CONFIG             queueConfig;
    WDFDEVICE                       device;
    PFAN_DEVICE_CONTEXT             ctx;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = FanEvtPrepareHardware;
    pnp.EvtDeviceReleaseHardware = FanEvtReleaseHardware;
    pnp.EvtDeviceD0Entry         = FanEvtD0Entry;
    pnp.EvtDeviceD0Exit          = FanEvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, FAN_DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        FanLog("WdfDeviceCreate 0x%x\n", status);
        return status;
    }
    ctx = FanGetContext(device);

    WDF_INTERRUPT_CONFIG_INIT(&interruptConfig, FanEvtIsr, NULL);
    status = WdfInterruptCreate(device, &interruptConfig, WDF_NO_OBJECT_ATTRIBUTES, &ctx->Interrupt);
    if (!NT_SUCCESS(status)) {
        FanLog("WdfInterruptCreate 0x%x\n", status);
        return status;
    }

    /*
     * Poll at PASSIVE_LEVEL: FanDutyForTemp takes an ERESOURCE.
     * Passive timers can't be periodic, the callback re-arms itself.
     */
    WDF_TIMER_CONFIG_INIT(&timerConfig, FanEvtPollTimer);
    timerConfig.AutomaticSerialization = FALSE;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject   = device;
    attributes.ExecutionLevel = WdfExecutionLevelPassive;

    status = WdfTimerCreate(&timerConfig, &attributes, &ctx->PollTimer);
    if (!NT_SUCCESS(status)) {
        FanLog("WdfTimerCreate 0x%x\n", status);
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = FanEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DECLARE_CONST_UNICODE_STRING(link, L"\\DosDevices\\FanCtl");
    status = WdfDeviceCreateSymbolicLink(device, &link);
    if (!NT_SUCCESS(status)) {
        /* second board: the first one already owns the name, that's fine */
        FanLog("symbolic link 0x%x (ignored)\n", status);
    }

    return STATUS_SUCCESS;
}

NTSTATUS
FanEvtPrepareHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST Resources,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    PFAN_DEVICE_CONTEXT ctx = FanGetContext(Device);
    ULONG               i;

    UNREFERENCED_PARAMETER(Resources);
    PAGED_CODE();

    for (i = 0; i < WdfCmResourceListGetCount(ResourcesTranslated); i++) {
        PCM_PARTIAL_RESOURCE_DESCRIPTOR d = WdfCmResourceListGetDescriptor(ResourcesTranslated, i);

        if (d != NULL && d->Type == CmResourceTypeMemory && ctx->Regs == NULL) {
            ctx->Regs = (volatile ULONG*)MmMapIoSpaceEx(d->u.Memory.Start, d->u.Memory.Length,
                                                        PAGE_READWRITE | PAGE_NOCACHE);
            if (ctx->Regs == NULL) {
                return STATUS_INSUFFICIENT_RESOURCES;
            }
            ctx->RegsLength = d->u.Memory.Length;
        }
    }

    return ctx->Regs != NULL ? STATUS_SUCCESS : STATUS_DEVICE_CONFIGURATION_ERROR;
}

NTSTATUS
FanEvtReleaseHardware(
    _In_ WDFDEVICE    Device,
    _In_ WDFCMRESLIST ResourcesTranslated
    )
{
    PFAN_DEVICE_CONTEXT ctx = FanGetContext(Device);

    UNREFERENCED_PARAMETER(ResourcesTranslated);
    PAGED_CODE();

    if (ctx->Regs != NULL) {
        MmUnmapIoSpace((PVOID)ctx->Regs, ctx->RegsLength);
        ctx->Regs = NULL;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
FanEvtD0Entry(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PFAN_DEVICE_CONTEXT ctx = FanGetContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    REG_WR(ctx, FAN_REG_PWM_DUTY, FAN_SAFE_DUTY);
    REG_WR(ctx, FAN_REG_IRQ_ENABLE, FAN_IRQ_TACH_WRAP);

    InterlockedExchange(&ctx->Running, 1);
    WdfTimerStart(ctx->PollTimer, WDF_REL_TIMEOUT_IN_MS(FAN_POLL_MS));
    return STATUS_SUCCESS;
}

NTSTATUS
FanEvtD0Exit(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PFAN_DEVICE_CONTEXT ctx = FanGetContext(Device);

    UNREFERENCED_PARAMETER(TargetState);

    InterlockedExchange(&ctx->Running, 0);
    WdfTimerStop(ctx->PollTimer, TRUE);

    REG_WR(ctx, FAN_REG_IRQ_ENABLE, 0);
    REG_WR(ctx, FAN_REG_PWM_DUTY, FAN_SAFE_DUTY);   /* fail safe while we're away */
    return STATUS_SUCCESS;
}

BOOLEAN
FanEvtIsr(
    _In_ WDFINTERRUPT Interrupt,
    _In_ ULONG        MessageID
    )
{
    PFAN_DEVICE_CONTEXT ctx = FanGetContext(WdfInterruptGetDevice(Interrupt));
    ULONG               pending;

    UNREFERENCED_PARAMETER(MessageID);

    pending = REG_RD(ctx, FAN_REG_IRQ_STATUS);
    if ((pending & FAN_IRQ_TACH_WRAP) == 0) {
        return FALSE;
    }

    REG_WR(ctx, FAN_REG_IRQ_STATUS, pending);
    ctx->TachWraps++;
    return TRUE;
}

VOID
FanEvtPollTimer(
    _In_ WDFTIMER Timer
    )
{
    WDFDEVICE           device = (WDFDEVICE)WdfTimerGetParentObject(Timer);
    PFAN_DEVICE_CONTEXT ctx = FanGetContext(device);
    ULONG               tach, wraps;
    LONG                temp;

    WdfInterruptAcquireLock(ctx->Interrupt);
    tach  = REG_RD(ctx, FAN_REG_TACH_COUNT);
    wraps = ctx->TachWraps;
    ctx->TachWraps = 0;
    WdfInterruptReleaseLock(ctx->Interrupt);

    /* two pulses per revolution, 16-bit counter */
    ctx->Rpm = ((wraps * 0x10000u + tach - ctx->LastTach) & 0xFFFFFFu) * 30u;
    ctx->LastTach = tach;

    temp = (LONG)REG_RD(ctx, FAN_REG_TEMP_C);
    REG_WR(ctx, FAN_REG_PWM_DUTY, FanDutyForTemp(temp));

    if (InterlockedCompareExchange(&ctx->Running, 1, 1) == 1) {
        WdfTimerStart(Timer, WDF_REL_TIMEOUT_IN_MS(FAN_POLL_MS));
    }
}

VOID
FanEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PFAN_DEVICE_CONTEXT ctx = FanGetContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS            status = STATUS_INVALID_DEVICE_REQUEST;
    PFAN_CURVE          newCurve;
    PULONG              rpm;
    ULONG_PTR           info = 0;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_FANCTL_SET_CURVE:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(FAN_CURVE), (PVOID*)&newCurve, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        if (newCurve->Count == 0 || newCurve->Count > FAN_CURVE_MAX_POINTS) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        WdfWaitLockAcquire(g_Fan.ConfigLock, NULL);
        KeEnterCriticalRegion();
        ExAcquireResourceExclusiveLite(&g_Fan.CurveLock, TRUE);
        g_Fan.Curve = *newCurve;
        ExReleaseResourceLite(&g_Fan.CurveLock);
        KeLeaveCriticalRegion();
        WdfWaitLockRelease(g_Fan.ConfigLock);
        break;

    case IOCTL_FANCTL_GET_RPM:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(ULONG), (PVOID*)&rpm, NULL);
        if (NT_SUCCESS(status)) {
            *rpm = ctx->Rpm;
            info = sizeof(ULONG);
        }
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}
