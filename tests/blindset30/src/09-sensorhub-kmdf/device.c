// device.c - device creation, power callbacks, sampling timer, cleanup

#include "driver.h"
#include "device.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, ShEvtDeviceAdd)
#pragma alloc_text(PAGE, ShEvtDeviceCleanup)
#pragma alloc_text(PAGE, ShEvtDeviceD0Exit)
#endif

static NTSTATUS
ShCreateChildObjects(_In_ WDFDEVICE Device, _In_ PSH_DEVICE_CONTEXT Context)
{
    NTSTATUS status;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_TIMER_CONFIG timerConfig;

    // both children of the device: deleted together with it
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Device;

    status = WdfSpinLockCreate(&attributes, &Context->SampleLock);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfSpinLockCreate failed %!STATUS!", status);
        return status;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, ShEvtSampleTimer, SH_SAMPLE_PERIOD_MS);
    timerConfig.AutomaticSerialization = FALSE;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = Device;

    status = WdfTimerCreate(&timerConfig, &attributes, &Context->SampleTimer);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfTimerCreate failed %!STATUS!", status);
        return status;
    }

    return STATUS_SUCCESS;
}

NTSTATUS
ShEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS status;
    WDF_PNPPOWER_EVENT_CALLBACKS pnpPowerCallbacks;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDEVICE device;
    PSH_DEVICE_CONTEXT context;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPowerCallbacks);
    pnpPowerCallbacks.EvtDeviceD0Entry = ShEvtDeviceD0Entry;
    pnpPowerCallbacks.EvtDeviceD0Exit = ShEvtDeviceD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPowerCallbacks);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, SH_DEVICE_CONTEXT);
    attributes.EvtCleanupCallback = ShEvtDeviceCleanup;

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate failed %!STATUS!", status);
        return status;
    }

    // from here on a failure return makes the framework delete the device (and run ShEvtDeviceCleanup)
    context = ShGetDeviceContext(device);
    context->Device = device;

    context->History = (PSH_SAMPLE_ENTRY *)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                            SH_HISTORY_DEPTH * sizeof(PSH_SAMPLE_ENTRY),
                                                            SH_POOL_TAG);
    if (context->History == NULL) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "history allocation failed");
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = ShCreateChildObjects(device, context);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = ShQueueInitialize(device, context);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_SENSORHUB, NULL);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "device interface failed %!STATUS!", status);
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "device %p created", device);
    return STATUS_SUCCESS;
}

NTSTATUS
ShEvtDeviceD0Entry(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PSH_DEVICE_CONTEXT context = ShGetDeviceContext(Device);

    UNREFERENCED_PARAMETER(PreviousState);

    WdfTimerStart(context->SampleTimer, WDF_REL_TIMEOUT_IN_MS(SH_SAMPLE_PERIOD_MS));
    return STATUS_SUCCESS;
}

NTSTATUS
ShEvtDeviceD0Exit(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PSH_DEVICE_CONTEXT context = ShGetDeviceContext(Device);

    UNREFERENCED_PARAMETER(TargetState);
    PAGED_CODE();

    // wait for a running callback so nothing touches the history outside D0
    WdfTimerStop(context->SampleTimer, TRUE);
    return STATUS_SUCCESS;
}

static VOID
ShReadSensor(_In_ PSH_DEVICE_CONTEXT Context, _Out_ PSH_SAMPLE Sample)
{
    ULONGLONG now = KeQueryInterruptTime();

    // simulated front end: slow drift around 22.5 C / 40 %RH
    Sample->Sequence = ++Context->Sequence;
    Sample->MilliCelsius = 22500 + (LONG)((now / 10000000ULL) % 2000) - 1000;
    Sample->MilliPercentHumidity = 40000 + (ULONG)((now / 30000000ULL) % 5000);
    Sample->Reserved = 0;
    Sample->Timestamp = now;
}

VOID
ShEvtSampleTimer(
    _In_ WDFTIMER Timer
    )
{
    WDFDEVICE device = (WDFDEVICE)WdfTimerGetParentObject(Timer);
    PSH_DEVICE_CONTEXT context = ShGetDeviceContext(device);
    PSH_SAMPLE_ENTRY entry;
    PSH_SAMPLE_ENTRY evicted;
    SH_SAMPLE sample;

    entry = (PSH_SAMPLE_ENTRY)ExAllocateFromLookasideListEx(&ShGlobals.SampleLookaside);
    if (entry == NULL) {
        return;
    }

    ShReadSensor(context, &sample);
    entry->Sample = sample;

    WdfSpinLockAcquire(context->SampleLock);
    context->Latest = sample;
    evicted = context->History[context->HistoryHead];
    context->History[context->HistoryHead] = entry;
    context->HistoryHead = (context->HistoryHead + 1) % SH_HISTORY_DEPTH;
    if (context->HistoryCount < SH_HISTORY_DEPTH) {
        context->HistoryCount++;
    }
    WdfSpinLockRelease(context->SampleLock);

    if (evicted != NULL) {
        ExFreeToLookasideListEx(&ShGlobals.SampleLookaside, evicted);
    }

    ShCompleteWaiters(context, &sample);
}

VOID
ShEvtDeviceCleanup(
    _In_ WDFOBJECT Device
    )
{
    PSH_DEVICE_CONTEXT context = ShGetDeviceContext((WDFDEVICE)Device);
    ULONG i;

    PAGED_CODE();
    if (context->History == NULL) {
        return;
    }

    for (i = 0; i < SH_HISTORY_DEPTH; i++) {
        if (context->History[i] != NULL) {
            ExFreeToLookasideListEx(&ShGlobals.SampleLookaside, context->History[i]);
            context->History[i] = NULL;
        }
    }

    ExFreePoolWithTag(context->History, SH_POOL_TAG);
    context->History = NULL;
}
