/*
 * device.c - device creation, power callbacks and the sampling timer.
 */
#include <initguid.h>
#include "thermsim.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, TsCreateDevice)
#endif

NTSTATUS
TsCreateDevice(
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnpPowerCallbacks;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_TIMER_CONFIG timerConfig;
    PTS_DRIVER_CONTEXT driverContext;
    PTS_DEVICE_CONTEXT deviceContext;
    WDFDEVICE device;
    NTSTATUS status;

    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPowerCallbacks);
    pnpPowerCallbacks.EvtDeviceD0Entry = TsEvtDeviceD0Entry;
    pnpPowerCallbacks.EvtDeviceD0Exit = TsEvtDeviceD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPowerCallbacks);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, TS_DEVICE_CONTEXT);

    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (TS_FAILED(status)) {
        TsLog(DPFLTR_ERROR_LEVEL, "WdfDeviceCreate failed 0x%08X", status);
        return status;
    }

    //
    // From here on every object is parented to the device, so returning a
    // failure status lets the framework delete the device and its children.
    //
    driverContext = TsGetDriverContext(WdfGetDriver());
    deviceContext = TsGetDeviceContext(device);
    deviceContext->Device = device;
    deviceContext->CurrentMilliC = 25000;
    deviceContext->ThresholdMilliC = driverContext->DefaultThresholdMilliC;
    deviceContext->Seed = (ULONG)KeQueryInterruptTime() | 1;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfSpinLockCreate(&attributes, &deviceContext->StateLock);
    if (TS_FAILED(status)) {
        return status;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, TsEvtSampleTimer, driverContext->SamplePeriodMs);
    timerConfig.AutomaticSerialization = FALSE;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;
    status = WdfTimerCreate(&timerConfig, &attributes, &deviceContext->SampleTimer);
    if (TS_FAILED(status)) {
        TsLog(DPFLTR_ERROR_LEVEL, "WdfTimerCreate failed 0x%08X", status);
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_THERMSIM, NULL);
    if (TS_FAILED(status)) {
        TsLog(DPFLTR_ERROR_LEVEL, "WdfDeviceCreateDeviceInterface failed 0x%08X", status);
        return status;
    }

    return TsQueueInitialize(device);
}

NTSTATUS
TsEvtDeviceD0Entry(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE PreviousState
    )
{
    PTS_DEVICE_CONTEXT ctx = TsGetDeviceContext(Device);
    ULONG period = TsGetDriverContext(WdfGetDriver())->SamplePeriodMs;

    UNREFERENCED_PARAMETER(PreviousState);

    WdfTimerStart(ctx->SampleTimer, WDF_REL_TIMEOUT_IN_MS(period));
    return STATUS_SUCCESS;
}

NTSTATUS
TsEvtDeviceD0Exit(
    _In_ WDFDEVICE Device,
    _In_ WDF_POWER_DEVICE_STATE TargetState
    )
{
    PTS_DEVICE_CONTEXT ctx = TsGetDeviceContext(Device);

    UNREFERENCED_PARAMETER(TargetState);

    //
    // Wait for an in-flight timer callback so nothing touches the
    // device context after we leave D0.
    //
    WdfTimerStop(ctx->SampleTimer, TRUE);
    return STATUS_SUCCESS;
}

VOID
TsSnapshot(
    _In_ PTS_DEVICE_CONTEXT Context,
    _Out_ PTHERMSIM_READING Reading
    )
{
    WdfSpinLockAcquire(Context->StateLock);
    Reading->MilliCelsius = Context->CurrentMilliC;
    Reading->ThresholdMilliC = Context->ThresholdMilliC;
    Reading->Samples = Context->Samples;
    WdfSpinLockRelease(Context->StateLock);
}

VOID
TsEvtSampleTimer(
    _In_ WDFTIMER Timer
    )
{
    WDFDEVICE device = (WDFDEVICE)WdfTimerGetParentObject(Timer);
    PTS_DEVICE_CONTEXT ctx = TsGetDeviceContext(device);
    THERMSIM_READING snapshot;
    PTHERMSIM_READING out;
    WDFREQUEST request;
    BOOLEAN tripped;
    NTSTATUS status;

    WdfSpinLockAcquire(ctx->StateLock);

    ctx->Seed = ctx->Seed * 1664525u + 1013904223u;
    ctx->CurrentMilliC += (LONG)((ctx->Seed >> 16) % 1001) - 500;
    if (ctx->CurrentMilliC < TS_FLOOR_MC) {
        ctx->CurrentMilliC = TS_FLOOR_MC;
    } else if (ctx->CurrentMilliC > TS_CEILING_MC) {
        ctx->CurrentMilliC = TS_CEILING_MC;
    }
    ctx->Samples++;
    tripped = (BOOLEAN)(ctx->CurrentMilliC >= ctx->ThresholdMilliC);

    WdfSpinLockRelease(ctx->StateLock);

    if (!tripped) {
        return;
    }

    TsSnapshot(ctx, &snapshot);

    for (;;) {
        status = WdfIoQueueRetrieveNextRequest(ctx->NotifyQueue, &request);
        if (TS_FAILED(status)) {
            break;      // STATUS_NO_MORE_ENTRIES, or the queue is not ready
        }

        status = WdfRequestRetrieveOutputBuffer(request, sizeof(THERMSIM_READING), (PVOID*)&out, NULL);
        if (TS_SUCCEEDED(status)) {
            *out = snapshot;
            WdfRequestCompleteWithInformation(request, STATUS_SUCCESS, sizeof(THERMSIM_READING));
        } else {
            WdfRequestComplete(request, status);
        }
    }
}
