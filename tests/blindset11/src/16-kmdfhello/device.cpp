// device.cpp - EvtDriverDeviceAdd and the periodic timer
#include "hello.h"

using hello::DeviceContext;
using hello::GetDeviceContext;

extern "C" void HelloEvtTimer(WDFTIMER Timer)
{
    auto device = static_cast<WDFDEVICE>(WdfTimerGetParentObject(Timer));
    auto ctx = GetDeviceContext(device);

    ctx->Counters.TimerTicks++;
    InterlockedIncrement(reinterpret_cast<volatile LONG*>(&hello::g_DriverStats.TimerTicks));
}

static NTSTATUS CreateTimer(WDFDEVICE device, WDFTIMER* timer)
{
    WDF_TIMER_CONFIG timerConfig;
    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerConfig, HelloEvtTimer, hello::kTimerMs);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = device;    // deleted together with the device
    attributes.ExecutionLevel = WdfExecutionLevelPassive;

    return WdfTimerCreate(&timerConfig, &attributes, timer);
}

extern "C" NTSTATUS HelloEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    KdPrint(("hello: EvtDeviceAdd\n"));

    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DeviceContext);

    WDFDEVICE device;
    NTSTATUS status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("hello: WdfDeviceCreate failed 0x%08X\n", status));
        return status;
    }

    auto ctx = GetDeviceContext(device);
    ctx->Length = 0;
    ctx->Counters.Reset();

    status = WdfDeviceCreateDeviceInterface(device, &hello::GUID_DEVINTERFACE_HELLO, nullptr);
    if (!NT_SUCCESS(status)) {
        KdPrint(("hello: WdfDeviceCreateDeviceInterface failed 0x%08X\n", status));
        return status;
    }

    status = HelloQueueInitialize(device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = CreateTimer(device, &ctx->Timer);
    if (!NT_SUCCESS(status)) {
        KdPrint(("hello: timer failed 0x%08X, continuing without it\n", status));
        ctx->Timer = nullptr;
        return STATUS_SUCCESS;
    }

    WdfTimerStart(ctx->Timer, WDF_REL_TIMEOUT_IN_MS(hello::kTimerMs));
    return STATUS_SUCCESS;
}
