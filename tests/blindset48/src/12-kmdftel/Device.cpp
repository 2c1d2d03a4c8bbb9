//
// Device.cpp - EvtDriverDeviceAdd, power-managed sampling timer, IOCTL queue.
//
#include "Driver.h"

namespace tel {

namespace {

EVT_WDF_TIMER                      EvtSampleTimer;
EVT_WDF_DEVICE_D0_ENTRY            EvtD0Entry;
EVT_WDF_DEVICE_D0_EXIT             EvtD0Exit;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL EvtIoDeviceControl;

void
EvtSampleTimer(_In_ WDFTIMER Timer)
{
    auto ctx = GetDeviceContext(WdfTimerGetParentObject(Timer));

    InterlockedIncrement(&ctx->Samples);
    InterlockedExchange(&ctx->LastImageLoads, static_cast<LONG>(Telemetry::ImageLoads()));
}

NTSTATUS
EvtD0Entry(_In_ WDFDEVICE Device, _In_ WDF_POWER_DEVICE_STATE PreviousState)
{
    UNREFERENCED_PARAMETER(PreviousState);

    WdfTimerStart(GetDeviceContext(Device)->SampleTimer, WDF_REL_TIMEOUT_IN_MS(Config::PeriodMs));
    return STATUS_SUCCESS;
}

NTSTATUS
EvtD0Exit(_In_ WDFDEVICE Device, _In_ WDF_POWER_DEVICE_STATE TargetState)
{
    UNREFERENCED_PARAMETER(TargetState);

    WdfTimerStop(GetDeviceContext(Device)->SampleTimer, TRUE);
    return STATUS_SUCCESS;
}

void
EvtIoDeviceControl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t OutputBufferLength,
                   _In_ size_t InputBufferLength, _In_ ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);

    if (IoControlCode != IOCTL_TEL_QUERY) {
        WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
        return;
    }

    TEL_REPORT* report = nullptr;
    NTSTATUS status = WdfRequestRetrieveOutputBuffer(Request, sizeof(TEL_REPORT),
                                                     reinterpret_cast<PVOID*>(&report), nullptr);
    if (!NT_SUCCESS(status)) {
        WdfRequestComplete(Request, status);
        return;
    }

    auto ctx = GetDeviceContext(WdfIoQueueGetDevice(Queue));
    report->Samples    = static_cast<ULONG>(ctx->Samples);
    report->ImageLoads = static_cast<ULONG>(ctx->LastImageLoads);
    report->OnAc       = Telemetry::OnAc();
    report->PeriodMs   = Config::PeriodMs;

    WdfRequestCompleteWithInformation(Request, STATUS_SUCCESS, sizeof(TEL_REPORT));
}

} // anonymous namespace

NTSTATUS
EvtDeviceAdd(_In_ WDFDRIVER Driver, _Inout_ PWDFDEVICE_INIT DeviceInit)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS pnpPower;
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPower);
    pnpPower.EvtDeviceD0Entry = EvtD0Entry;
    pnpPower.EvtDeviceD0Exit  = EvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPower);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DEVICE_CONTEXT);

    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        // in EvtDriverDeviceAdd the framework owns DeviceInit on failure
        TEL_TRACE(DPFLTR_ERROR_LEVEL, "WdfDeviceCreate 0x%08X", status);
        return status;
    }

    auto ctx = GetDeviceContext(device);
    ctx->Device = device;

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_KMDFTEL, nullptr);
    if (!NT_SUCCESS(status)) {
        return status;              // failed device is deleted by the framework
    }

    WDF_IO_QUEUE_CONFIG queueConfig;
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);
    queueConfig.EvtIoDeviceControl = EvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WDF_TIMER_CONFIG timerConfig;
    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, EvtSampleTimer, Config::PeriodMs);
    WDF_OBJECT_ATTRIBUTES timerAttributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&timerAttributes);
    timerAttributes.ParentObject = device;
    status = WdfTimerCreate(&timerConfig, &timerAttributes, &ctx->SampleTimer);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    TEL_TRACE(DPFLTR_INFO_LEVEL, "device %p added", device);
    return STATUS_SUCCESS;
}

} // namespace tel
