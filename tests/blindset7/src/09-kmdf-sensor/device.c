/*++

Module Name:

    device.c

Abstract:

    Device creation, the sampling timer and the IOCTL that hands samples out.
    The "temperature" is a slow sine-ish wobble around 21.5 C; good enough to
    drive the graph in the test app.

--*/

#include "sensor.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, SensEvtDeviceAdd)
#endif

static const LONG SensWobble[16] = {
    0, 380, 700, 920, 1000, 920, 700, 380, 0, -380, -700, -920, -1000, -920, -700, -380
};

NTSTATUS
SensEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnpPower;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_TIMER_CONFIG timerConfig;
    PSENS_DEVICE_CONTEXT ctx;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPower);
    pnpPower.EvtDeviceD0Entry = SensEvtDeviceD0Entry;
    pnpPower.EvtDeviceD0Exit = SensEvtDeviceD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPower);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, SENS_DEVICE_CONTEXT);
    attributes.EvtCleanupCallback = SensEvtDeviceContextCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ctx = SensGetContext(device);
    InitializeListHead(&ctx->Samples);
    ctx->Queued = 0;
    ctx->Drift = 0;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &ctx->Lock);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_VSENSOR, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = SensEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, SensEvtTimer, SENS_PERIOD_MS);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfTimerCreate(&timerConfig, &attributes, &ctx->Timer);
    return status;
}

NTSTATUS
SensEvtDeviceD0Entry(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    UNREFERENCED_PARAMETER(PreviousState);

    WdfTimerStart(SensGetContext(Device)->Timer, WDF_REL_TIMEOUT_IN_MS(SENS_PERIOD_MS));
    return STATUS_SUCCESS;
}

NTSTATUS
SensEvtDeviceD0Exit(
    _In_ WDFDEVICE              Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    UNREFERENCED_PARAMETER(TargetState);

    WdfTimerStop(SensGetContext(Device)->Timer, TRUE);
    return STATUS_SUCCESS;
}

VOID
SensEvtTimer(
    _In_ WDFTIMER Timer
    )
{
    WDFDEVICE device = (WDFDEVICE)WdfTimerGetParentObject(Timer);
    PSENS_DEVICE_CONTEXT ctx = SensGetContext(device);
    PSENS_SAMPLE sample;
    PSENS_SAMPLE dropped = NULL;
    ULONGLONG now = KeQueryInterruptTime();

    sample = (PSENS_SAMPLE)ExAllocateFromLookasideListEx(&g_SampleLookaside);
    if (sample == NULL) {
        return;
    }
    sample->Timestamp = now;
    sample->MilliCelsius = 21500 + SensWobble[(now / 10000000ULL) & 15] + ctx->Drift;
    ctx->Drift = (ctx->Drift + 7) % 250;

    WdfSpinLockAcquire(ctx->Lock);
    InsertTailList(&ctx->Samples, &sample->Link);
    if (++ctx->Queued > SENS_MAX_QUEUED) {
        dropped = CONTAINING_RECORD(RemoveHeadList(&ctx->Samples), SENS_SAMPLE, Link);
        ctx->Queued--;
    }
    WdfSpinLockRelease(ctx->Lock);

    if (dropped != NULL) {
        ExFreeToLookasideListEx(&g_SampleLookaside, dropped);
    }
}

VOID
SensEvtIoDeviceControl(
    _In_ WDFQUEUE   Queue,
    _In_ WDFREQUEST Request,
    _In_ size_t     OutputBufferLength,
    _In_ size_t     InputBufferLength,
    _In_ ULONG      IoControlCode
    )
{
    PSENS_DEVICE_CONTEXT ctx = SensGetContext(WdfIoQueueGetDevice(Queue));
    PSENS_SAMPLE_OUT out;
    PSENS_SAMPLE sample = NULL;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode != IOCTL_VSENSOR_READ_SAMPLE) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(SENS_SAMPLE_OUT), (PVOID*)&out, NULL);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WdfSpinLockAcquire(ctx->Lock);
    if (!IsListEmpty(&ctx->Samples)) {
        sample = CONTAINING_RECORD(RemoveHeadList(&ctx->Samples), SENS_SAMPLE, Link);
        ctx->Queued--;
    }
    WdfSpinLockRelease(ctx->Lock);

    if (sample == NULL) {
        WdfRequestComplete(Request, STATUS_NO_MORE_ENTRIES);
        return;
    }

    out->Timestamp = sample->Timestamp;
    out->MilliCelsius = sample->MilliCelsius;
    ExFreeToLookasideListEx(&g_SampleLookaside, sample);

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(SENS_SAMPLE_OUT));
}

VOID
SensEvtDeviceContextCleanup(
    _In_ WDFOBJECT Device
    )
{
    PSENS_DEVICE_CONTEXT ctx = SensGetContext((WDFDEVICE)Device);

    /* timer is already stopped (D0Exit) and deleted with its parent */
    while (!IsListEmpty(&ctx->Samples)) {
        PLIST_ENTRY entry = RemoveHeadList(&ctx->Samples);
        ExFreeToLookasideListEx(&g_SampleLookaside, CONTAINING_RECORD(entry, SENS_SAMPLE, Link));
    }
    ctx->Queued = 0;
}
