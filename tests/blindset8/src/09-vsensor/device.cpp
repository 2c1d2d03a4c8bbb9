// device.cpp - the PnP sensor device.

#include "vsensor.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, VsEvtDeviceAdd)
#pragma alloc_text(PAGE, VsEvtDeviceCleanup)
#endif

_Use_decl_annotations_
NTSTATUS
VsEvtDeviceAdd(
    WDFDRIVER       Driver,
    PWDFDEVICE_INIT DeviceInit
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDeviceD0Entry = VsEvtD0Entry;
    pnp.EvtDeviceD0Exit  = VsEvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, VS_DEVICE_CONTEXT);
    attributes.EvtCleanupCallback = VsEvtDeviceCleanup;

    WDFDEVICE device;
    VS_RETURN_IF_FAILED(WdfDeviceCreate(&DeviceInit, &attributes, &device));

    auto ctx = VsGetDeviceContext(device);

    WDF_TIMER_CONFIG timerConfig;
    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, VsEvtSampleTimer, VS_SAMPLE_PERIOD_MS);
    WDF_OBJECT_ATTRIBUTES timerAttributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&timerAttributes);
    timerAttributes.ParentObject = device;
    VS_RETURN_IF_FAILED(WdfTimerCreate(&timerConfig, &timerAttributes, &ctx->SampleTimer));

    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = VsEvtSensorIoctl;
    VS_RETURN_IF_FAILED(WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE));

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
VsEvtDeviceCleanup(
    WDFOBJECT Object
    )
{
    UNREFERENCED_PARAMETER(Object);
    PAGED_CODE();

    // Root-enumerated, single instance: when it goes, the control device
    // must go too or the driver image stays loaded.
    if (g_Vs.ControlDevice != nullptr) {
        WdfObjectDelete(g_Vs.ControlDevice);
        g_Vs.ControlDevice = nullptr;
    }
}

_Use_decl_annotations_
NTSTATUS
VsEvtD0Entry(WDFDEVICE Device, WDF_POWER_DEVICE_STATE PreviousState)
{
    UNREFERENCED_PARAMETER(PreviousState);
    WdfTimerStart(VsGetDeviceContext(Device)->SampleTimer, WDF_REL_TIMEOUT_IN_MS(VS_SAMPLE_PERIOD_MS));
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
VsEvtD0Exit(WDFDEVICE Device, WDF_POWER_DEVICE_STATE TargetState)
{
    UNREFERENCED_PARAMETER(TargetState);
    WdfTimerStop(VsGetDeviceContext(Device)->SampleTimer, TRUE);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
VsEvtSampleTimer(WDFTIMER Timer)
{
    auto device = static_cast<WDFDEVICE>(WdfTimerGetParentObject(Timer));
    auto ctx = VsGetDeviceContext(device);

    ctx->Ticks++;

    WdfSpinLockAcquire(g_Vs.ReadingLock);
    if (!g_Vs.Injected) {
        // slow sawtooth between 20 and 30 degrees
        g_Vs.Current.MilliCelsius = 20000 + static_cast<LONG>((ctx->Ticks % 100) * 100);
        g_Vs.Current.Sequence++;
    }
    WdfSpinLockRelease(g_Vs.ReadingLock);
}

_Use_decl_annotations_
VOID
VsEvtSensorIoctl(
    WDFQUEUE   Queue,
    WDFREQUEST Request,
    size_t     OutputBufferLength,
    size_t     InputBufferLength,
    ULONG      IoControlCode
    )
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode != IOCTL_VS_GET_READING) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }

    VS_READING* out;
    NTSTATUS status = WdfRequestRetrieveOutputBuffer(Request, sizeof(VS_READING),
                                                     reinterpret_cast<PVOID*>(&out), nullptr);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    WdfSpinLockAcquire(g_Vs.ReadingLock);
    *out = g_Vs.Current;
    WdfSpinLockRelease(g_Vs.ReadingLock);

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(VS_READING));
}
