// Device.cpp - device add, power callbacks, the queue and the heartbeat timer
#include "hello.h"

namespace hello {

NTSTATUS EvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    UNREFERENCED_PARAMETER(Driver);

    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDeviceD0Entry = EvtDeviceD0Entry;
    pnp.EvtDeviceD0Exit = EvtDeviceD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DeviceContext);

    WDFDEVICE device;
    auto status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    auto ctx = GetDeviceContext(device);
    ctx->Beats = 0;

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_HELLOKMDF, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = EvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_TIMER_CONFIG timerConfig;
    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, [](WDFTIMER Timer) {
        auto dev = static_cast<WDFDEVICE>(WdfTimerGetParentObject(Timer));
        InterlockedIncrement(&GetDeviceContext(dev)->Beats);
    }, HeartbeatMs);

    WDF_OBJECT_ATTRIBUTES timerAttributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&timerAttributes);
    timerAttributes.ParentObject = device;
    // objects created in device add are cleaned up with the device on failure
    return WdfTimerCreate(&timerConfig, &timerAttributes, &ctx->Heartbeat);
}

NTSTATUS EvtDeviceD0Entry(WDFDEVICE Device, WDF_POWER_DEVICE_STATE PreviousState)
{
    UNREFERENCED_PARAMETER(PreviousState);
    WdfTimerStart(GetDeviceContext(Device)->Heartbeat, WDF_REL_TIMEOUT_IN_MS(HeartbeatMs));
    return STATUS_SUCCESS;
}

NTSTATUS EvtDeviceD0Exit(WDFDEVICE Device, WDF_POWER_DEVICE_STATE TargetState)
{
    UNREFERENCED_PARAMETER(TargetState);
    WdfTimerStop(GetDeviceContext(Device)->Heartbeat, TRUE);
    return STATUS_SUCCESS;
}

void EvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                        size_t InputBufferLength, ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(InputBufferLength);

    auto ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    switch (IoControlCode) {
    case IoctlGetBeats: {
        PLONG out = nullptr;
        status = WdfRequestRetrieveOutputBuffer(Request, sizeof(LONG), reinterpret_cast<PVOID*>(&out), nullptr);
        if (NT_SUCCESS(status)) {
            *out = ctx->Beats;
            info = sizeof(LONG);
        }
        break;
    }
    case IoctlGetParams: {
        auto path = Globals::RegistryPath();
        if (OutputBufferLength < path->Length) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        PVOID out = nullptr;
        status = WdfRequestRetrieveOutputBuffer(Request, path->Length, &out, nullptr);
        if (NT_SUCCESS(status)) {
            RtlCopyMemory(out, path->Buffer, path->Length);
            info = path->Length;
        }
        break;
    }
    default:
        break;
    }

    WdfRequestCompleteWithInformation(Request, status, info);
}

} // namespace hello
