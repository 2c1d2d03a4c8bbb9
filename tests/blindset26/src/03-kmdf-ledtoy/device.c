/*
 * device.c - control device, queue and the blink timer
 */
#include "ledtoy.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, LedCreateControlDevice)
#endif

static VOID LedStep(_Inout_ PLED_DEVICE_CONTEXT Ctx)
{
    switch (Ctx->Pattern.Mode) {
    case 0: /* plain blink */
        Ctx->Leds ^= Ctx->Pattern.Mask;
        break;

    case 1: /* knight rider */
        if (Ctx->GoingLeft) {
            if (Ctx->Position == 7) {
                Ctx->GoingLeft = FALSE;
            } else {
                Ctx->Position++;
            }
        } else {
            if (Ctx->Position == 0) {
                Ctx->GoingLeft = TRUE;
            } else {
                Ctx->Position--;
            }
        }
        Ctx->Leds = (UCHAR)(1u << Ctx->Position) & Ctx->Pattern.Mask;
        break;

    case 2: /* binary counter */
    default:
        Ctx->Leds = (UCHAR)((Ctx->Leds + 1) & Ctx->Pattern.Mask);
        break;
    }
    Ctx->Ticks++;
}

VOID
LedEvtTimer(
    _In_ WDFTIMER Timer
    )
{
    WDFDEVICE device = (WDFDEVICE)WdfTimerGetParentObject(Timer);
    PLED_DEVICE_CONTEXT ctx = LedGetContext(device);
    BOOLEAN again;
    ULONG period;

    WdfSpinLockAcquire(ctx->Lock);
    LedStep(ctx);
    again = ctx->Running;
    period = ctx->Pattern.PeriodMs;
    WdfSpinLockRelease(ctx->Lock);

    if (again) {
        WdfTimerStart(Timer, WDF_REL_TIMEOUT_IN_MS(period));
    }
}

VOID
LedEvtIoDeviceControl(
    _In_ WDFQUEUE Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t OutputBufferLength,
    _In_ size_t InputBufferLength,
    _In_ ULONG IoControlCode
    )
{
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    PLED_DEVICE_CONTEXT ctx = LedGetContext(device);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;
    PLEDTOY_PATTERN pattern;
    PLEDTOY_STATE state;
    BOOLEAN start = FALSE;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    switch (IoControlCode) {
    case IOCTL_LEDTOY_SET_PATTERN:
        status = WdfRequestRetrieveInputBuffer(Request, sizeof(LEDTOY_PATTERN), (PVOID*)&pattern, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        if (pattern->PeriodMs < LEDTOY_MIN_PERIOD_MS || pattern->PeriodMs > LEDTOY_MAX_PERIOD_MS ||
            pattern->Mode > 2) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        WdfSpinLockAcquire(ctx->Lock);
        ctx->Pattern = *pattern;
        ctx->Leds = 0;
        ctx->Position = 0;
        ctx->GoingLeft = TRUE;
        start = !ctx->Running;
        ctx->Running = TRUE;
        WdfSpinLockRelease(ctx->Lock);

        if (start) {
            WdfTimerStart(ctx->Timer, WDF_REL_TIMEOUT_IN_MS(pattern->PeriodMs));
        }
        status = STATUS_SUCCESS;
        break;

    case IOCTL_LEDTOY_GET_STATE:
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(LEDTOY_STATE), (PVOID*)&state, NULL);
        if (!NT_SUCCESS(status)) {
            break;
        }
        WdfSpinLockAcquire(ctx->Lock);
        state->Leds = ctx->Leds;
        state->Mode = ctx->Pattern.Mode;
        state->Running = ctx->Running;
        state->Ticks = ctx->Ticks;
        WdfSpinLockRelease(ctx->Lock);
        info = sizeof(LEDTOY_STATE);
        break;

    case IOCTL_LEDTOY_STOP:
        WdfSpinLockAcquire(ctx->Lock);
        ctx->Running = FALSE;
        ctx->Leds = 0;
        WdfSpinLockRelease(ctx->Lock);
        WdfTimerStop(ctx->Timer, FALSE);
        status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

NTSTATUS
LedCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS status;
    PWDFDEVICE_INIT pInit;
    WDFDEVICE device;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_TIMER_CONFIG timerConfig;
    PLED_DEVICE_CONTEXT ctx;
    DECLARE_CONST_UNICODE_STRING(ntName, LEDTOY_NT_NAME);
    DECLARE_CONST_UNICODE_STRING(dosName, LEDTOY_DOS_NAME);

    PAGED_CODE();

    pInit = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_RW_RES_R);
    if (pInit == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(pInit, FALSE);
    WdfDeviceInitSetIoType(pInit, WdfDeviceIoBuffered);

    status = WdfDeviceInitAssignName(pInit, &ntName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("LedToy: WdfDeviceInitAssignName failed 0x%x\n", status));
        return status;
    }

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, LED_DEVICE_CONTEXT);

    status = WdfDeviceCreate(&pInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("LedToy: WdfDeviceCreate failed 0x%x\n", status));
        WdfDeviceInitFree(pInit);
        return status;
    }

    ctx = LedGetContext(device);

    status = WdfDeviceCreateSymbolicLink(device, &dosName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("LedToy: WdfDeviceCreateSymbolicLink failed 0x%x\n", status));
        goto Error;
    }

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &ctx->Lock);
    if (!NT_SUCCESS(status)) {
        goto Error;
    }

    WDF_TIMER_CONFIG_INIT(&timerConfig, LedEvtTimer);
    timerConfig.AutomaticSerialization = FALSE;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfTimerCreate(&timerConfig, &attributes, &ctx->Timer);
    if (!NT_SUCCESS(status)) {
        KdPrint(("LedToy: WdfTimerCreate failed 0x%x\n", status));
        goto Error;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = LedEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrint(("LedToy: WdfIoQueueCreate failed 0x%x\n", status));
        goto Error;
    }

    ctx->Pattern.Mask = 0xFF;
    ctx->Pattern.PeriodMs = 500;

    WdfControlFinishInitializing(device);
    g_ControlDevice = device;
    return STATUS_SUCCESS;

Error:
    WdfObjectDelete(device);
    return status;
}
