/*++

Copyright (c) Northwind Instruments. All rights reserved.

Module Name:

    device.c

Abstract:

    Per-probe WDFDEVICE: creation, power callbacks, sampling timer and the
    probe's I/O queues.

    The probe hardware is simulated in this build (NWSENSE_SIMULATED): the
    timer produces a slowly drifting temperature instead of reading the ADC.

Environment:

    Kernel mode only.

--*/

#include "driver.h"

EVT_WDF_DEVICE_D0_ENTRY NwsEvtDeviceD0Entry;
EVT_WDF_DEVICE_D0_EXIT NwsEvtDeviceD0Exit;
EVT_WDF_OBJECT_CONTEXT_CLEANUP NwsEvtDeviceCleanup;
EVT_WDF_TIMER NwsEvtSampleTimer;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL NwsEvtIoDeviceControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, NwsEvtDeviceAdd)
#pragma alloc_text(PAGE, NwsEvtDeviceCleanup)
#pragma alloc_text(PAGE, NwsEvtDeviceD0Exit)
#endif

static
VOID
NwsTakeSample(
    _Inout_ PNWS_DEVICE_CONTEXT DevCtx,
    _Out_ PNWSENSE_SAMPLE Sample
    )
{
    LARGE_INTEGER now;
    LONG drift;

    KeQuerySystemTimePrecise(&now);

    WdfSpinLockAcquire(DevCtx->SampleLock);

    // simulated ADC: +-50 m°C random walk around 23 °C
    drift = (LONG)(RtlRandomEx(&DevCtx->Seed) % 101) - 50;
    DevCtx->LastSample.MilliCelsius += drift;
    if (DevCtx->LastSample.MilliCelsius < 15000 || DevCtx->LastSample.MilliCelsius > 35000) {
        DevCtx->LastSample.MilliCelsius = 23000;
    }
    DevCtx->LastSample.Sequence++;
    DevCtx->LastSample.Timestamp = now.QuadPart;
    *Sample = DevCtx->LastSample;

    WdfSpinLockRelease(DevCtx->SampleLock);
}

static
NTSTATUS
NwsCompleteWithSample(
    _In_ WDFREQUEST Request,
    _In_ PNWSENSE_SAMPLE Sample
    )
{
    NTSTATUS status;
    PNWSENSE_SAMPLE out = NULL;

    status = WdfRequestRetrieveOutputBuffer(Request, sizeof(NWSENSE_SAMPLE), (PVOID *)&out, NULL);
    if (NT_SUCCESS(status)) {
        *out = *Sample;
        WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(NWSENSE_SAMPLE));
    } else {
        WdfRequestComplete(Request, status);
    }
    return status;
}

_Use_decl_annotations_
VOID
NwsEvtSampleTimer(
    WDFTIMER Timer
    )
{
    WDFDEVICE device = (WDFDEVICE)WdfTimerGetParentObject(Timer);
    PNWS_DEVICE_CONTEXT devCtx = NwsGetDeviceContext(device);
    PNWS_DRIVER_CONTEXT drvCtx = NwsGetDriverContext(WdfGetDriver());
    NWSENSE_SAMPLE sample;
    WDFREQUEST request;

    NwsTakeSample(devCtx, &sample);
    InterlockedIncrement64(&drvCtx->TotalSamples);

    // hand the new sample to every waiter
    while (NT_SUCCESS(WdfIoQueueRetrieveNextRequest(devCtx->WaitQueue, &request))) {
        (VOID)NwsCompleteWithSample(request, &sample);
    }
}

_Use_decl_annotations_
VOID
NwsEvtIoDeviceControl(
    WDFQUEUE Queue,
    WDFREQUEST Request,
    size_t OutputBufferLength,
    size_t InputBufferLength,
    ULONG IoControlCode
    )
{
    WDFDEVICE device = WdfIoQueueGetDevice(Queue);
    PNWS_DEVICE_CONTEXT devCtx = NwsGetDeviceContext(device);
    NTSTATUS status;
    NWSENSE_SAMPLE sample;

    UNREFERENCED_PARAMETER(InputBufferLength);

    if (OutputBufferLength < sizeof(NWSENSE_SAMPLE)) {
        WdfRequestComplete(Request, STATUS_BUFFER_TOO_SMALL);
        return;
    }

    switch (IoControlCode) {
    case IOCTL_NWSENSE_GET_SAMPLE:
        WdfSpinLockAcquire(devCtx->SampleLock);
        sample = devCtx->LastSample;
        WdfSpinLockRelease(devCtx->SampleLock);
        (VOID)NwsCompleteWithSample(Request, &sample);
        break;

    case IOCTL_NWSENSE_WAIT_SAMPLE:
        status = WdfRequestForwardToIoQueue(Request, devCtx->WaitQueue);
        if (!NT_SUCCESS(status)) {
            WdfRequestComplete(Request, status);
        }
        break;

    default:
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        break;
    }
}

_Use_decl_annotations_
NTSTATUS
NwsEvtDeviceD0Entry(
    WDFDEVICE Device,
    WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PNWS_DEVICE_CONTEXT devCtx = NwsGetDeviceContext(Device);
    PNWS_DRIVER_CONTEXT drvCtx = NwsGetDriverContext(WdfGetDriver());

    UNREFERENCED_PARAMETER(PreviousState);

    WdfTimerStart(devCtx->SampleTimer, WDF_REL_TIMEOUT_IN_MS(drvCtx->SampleIntervalMs));
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
NwsEvtDeviceD0Exit(
    WDFDEVICE Device,
    WDF_POWER_DEVICE_STATE TargetState
    )
{
    PNWS_DEVICE_CONTEXT devCtx = NwsGetDeviceContext(Device);

    PAGED_CODE();
    UNREFERENCED_PARAMETER(TargetState);

    // wait for a running timer callback so it can't touch a powered-down probe
    (VOID)WdfTimerStop(devCtx->SampleTimer, TRUE);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
NwsEvtDeviceCleanup(
    WDFOBJECT Object
    )
/*++

Routine Description:

    Cleanup callback of a probe WDFDEVICE. The probe is removed from the
    driver's probe collection; the last one out deletes the control device
    (a PnP driver must delete its control device before it can unload).

--*/
{
    PAGED_CODE();

    NwsControlDetachProbe(NwsGetDriverContext(WdfGetDriver()), (WDFDEVICE)Object);
}

_Use_decl_annotations_
NTSTATUS
NwsEvtDeviceAdd(
    WDFDRIVER Driver,
    PWDFDEVICE_INIT DeviceInit
    )
{
    NTSTATUS status;
    WDF_PNPPOWER_EVENT_CALLBACKS pnpPower;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_TIMER_CONFIG timerConfig;
    WDFDEVICE device;
    PNWS_DEVICE_CONTEXT devCtx;
    PNWS_DRIVER_CONTEXT drvCtx = NwsGetDriverContext(Driver);
    LARGE_INTEGER seed;

    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPower);
    pnpPower.EvtDeviceD0Entry = NwsEvtDeviceD0Entry;
    pnpPower.EvtDeviceD0Exit = NwsEvtDeviceD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPower);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, NWS_DEVICE_CONTEXT);
    attributes.EvtCleanupCallback = NwsEvtDeviceCleanup;

    //
    // DeviceInit came from the framework (EvtDriverDeviceAdd), so the
    // framework frees it if WdfDeviceCreate fails.
    //
    IF_FAILED_GOTO(status, WdfDeviceCreate(&DeviceInit, &attributes, &device), Exit);

    devCtx = NwsGetDeviceContext(device);
    devCtx->Device = device;
    KeQueryTickCount(&seed);
    devCtx->Seed = seed.LowPart;
    devCtx->LastSample.MilliCelsius = 23000;

    //
    // All objects below are parented to the device; if anything fails the
    // framework deletes the device (and them) after we return the error.
    //
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    IF_FAILED_GOTO(status, WdfSpinLockCreate(&attributes, &devCtx->SampleLock), Exit);

    IF_FAILED_GOTO(status,
                   WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_NWSENSE, NULL),
                   Exit);

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = NwsEvtIoDeviceControl;
    IF_FAILED_GOTO(status,
                   WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE),
                   Exit);

    WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);
    IF_FAILED_GOTO(status,
                   WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES,
                                    &devCtx->WaitQueue),
                   Exit);

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, NwsEvtSampleTimer, drvCtx->SampleIntervalMs);
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    IF_FAILED_GOTO(status, WdfTimerCreate(&timerConfig, &attributes, &devCtx->SampleTimer), Exit);

    //
    // Last step: join the probe collection (creates the control device for
    // the first probe). NwsEvtDeviceCleanup undoes this, and it tolerates a
    // probe that never made it into the collection.
    //
    IF_FAILED_GOTO(status, NwsControlAttachProbe(drvCtx, device), Exit);

    NwsTraceEvent(drvCtx, 4, L"probe added");

Exit:
    return status;
}
