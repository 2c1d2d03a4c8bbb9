/*
 * fanctl.sys - KMDF driver for the FC-4 four channel USB fan controller.
 * The firmware only does vendor control requests (no HID), so we poll tach
 * and temperature once a second from a work item and cache the result.
 */
#include "fanctl.h"
#include "driver.tmh"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, FanEvtDeviceAdd)
#pragma alloc_text(PAGE, FanEvtDriverUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "fanctl DriverEntry");

    WDF_DRIVER_CONFIG_INIT(&config, FanEvtDeviceAdd);
    config.EvtDriverUnload = FanEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate %!STATUS!", status);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    return status;
}

VOID
FanEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    /* timer, work item and lock are children of the device: nothing to do */
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "fanctl unload");
}

NTSTATUS
FanEvtDeviceAdd(
    _In_    WDFDRIVER       Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDF_PNPPOWER_EVENT_CALLBACKS pnp;
    WDF_OBJECT_ATTRIBUTES attr;
    WDF_TIMER_CONFIG timerCfg;
    WDF_WORKITEM_CONFIG workCfg;
    PFAN_CONTEXT ctx;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnp);
    pnp.EvtDevicePrepareHardware = FanEvtPrepareHardware;
    pnp.EvtDeviceD0Entry = FanEvtD0Entry;
    pnp.EvtDeviceD0Exit = FanEvtD0Exit;
    WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnp);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attr, FAN_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attr, &device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfDeviceCreate %!STATUS!", status);
        return status;
    }
    ctx = FanGetContext(device);

    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = device;
    status = WdfWaitLockCreate(&attr, &ctx->StatusLock);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfWaitLockCreate %!STATUS!", status);
        return status;
    }

    WDF_WORKITEM_CONFIG_INIT(&workCfg, FanEvtPollWork);
    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = device;
    status = WdfWorkItemCreate(&workCfg, &attr, &ctx->PollWork);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfWorkItemCreate %!STATUS!", status);
        return status;
    }

    WDF_TIMER_CONFIG_INIT_PERIODIC(&timerCfg, FanEvtPollTimer, FAN_POLL_MS);
    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ParentObject = device;
    status = WdfTimerCreate(&timerCfg, &attr, &ctx->PollTimer);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfTimerCreate %!STATUS!", status);
        return status;
    }

    if (!FanCreateQueues(device)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "queue setup failed");
        return status;
    }

    status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_FANCTL, NULL);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "interface %!STATUS!", status);
    }
    return status;
}

BOOLEAN
FanCreateQueues(
    _In_ WDFDEVICE Device
    )
{
    WDF_IO_QUEUE_CONFIG qc;
    WDF_OBJECT_ATTRIBUTES attr;
    NTSTATUS status;

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&qc, WdfIoQueueDispatchSequential);
    qc.EvtIoDeviceControl = FanEvtIoDeviceControl;

    /* SET_DUTY does a synchronous control transfer */
    WDF_OBJECT_ATTRIBUTES_INIT(&attr);
    attr.ExecutionLevel = WdfExecutionLevelPassive;

    status = WdfIoQueueCreate(Device, &qc, &attr, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DEVICE, "WdfIoQueueCreate %!STATUS!", status);
        return FALSE;
    }
    return TRUE;
}
