//
// device.cpp - EvtDriverDeviceAdd and power callbacks
//
#include "echo.h"
#include <initguid.h>
#include "public.h"
#include "device.tmh"

namespace echo {

volatile LONG Device::s_Instances = 0;

NTSTATUS Device::EvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "%!FUNC! Entry");

    WDF_PNPPOWER_EVENT_CALLBACKS pnpPower;
    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPower);
    pnpPower.EvtDeviceD0Entry = EvtD0Entry;
    pnpPower.EvtDeviceD0Exit  = EvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPower);

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, EchoDeviceContext);

    // On any failure below the framework deletes the device object and
    // the WDFDEVICE_INIT it was given; nothing to undo by hand.
    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate %!STATUS!", status);
        return status;
    }

    auto ctx = EchoGetDeviceContext(device);
    ctx->InstanceNumber = static_cast<ULONG>(InterlockedIncrement(&s_Instances));

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_KMDFECHO, nullptr);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreateDeviceInterface %!STATUS!", status);
        return status;
    }

    status = Queue::Create(device, &ctx->DefaultQueue);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "Queue::Create %!STATUS!", status);
        return status;
    }

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "device #%u ready", ctx->InstanceNumber);
    return STATUS_SUCCESS;
}

NTSTATUS Device::EvtD0Entry(WDFDEVICE Device, WDF_POWER_DEVICE_STATE PreviousState)
{
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "#%u D0 entry from %!WDF_POWER_DEVICE_STATE!",
                EchoGetDeviceContext(Device)->InstanceNumber, PreviousState);
    return STATUS_SUCCESS;
}

NTSTATUS Device::EvtD0Exit(WDFDEVICE Device, WDF_POWER_DEVICE_STATE TargetState)
{
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DEVICE, "#%u D0 exit to %!WDF_POWER_DEVICE_STATE!",
                EchoGetDeviceContext(Device)->InstanceNumber, TargetState);
    return STATUS_SUCCESS;
}

} // namespace echo
