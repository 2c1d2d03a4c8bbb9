/*
 * sideband: a KMDF keyboard upper filter that, when the first keyboard
 * arrives, creates a control device applications open to read the filter's
 * counters (the toaster "sideband" pattern). The control device is made in
 * EvtDriverDeviceAdd, after the filter device.
 *
 * Violating: the control device is never finished with
 * WdfControlFinishInitializing, so it stays initializing and cannot be
 * opened.
 */
#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD SbEvtDeviceAdd;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL SbEvtIoDeviceControl;

static WDFDEVICE g_SbControl;

VOID SbEvtIoDeviceControl(WDFQUEUE Queue, WDFREQUEST Request, size_t OutputBufferLength,
                          size_t InputBufferLength, ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(IoControlCode);
    WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
}

static NTSTATUS SbCreateControl(WDFDRIVER Driver)
{
    DECLARE_CONST_UNICODE_STRING(name, L"\\Device\\KbdSideband");
    WDF_IO_QUEUE_CONFIG queueConfig;
    PWDFDEVICE_INIT init;
    WDFDEVICE control;
    NTSTATUS status;

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);  // expect: WDF011
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    status = WdfDeviceInitAssignName(init, &name);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }
    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &control);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return status;
    }
    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = SbEvtIoDeviceControl;
    status = WdfIoQueueCreate(control, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(control);
        return status;
    }
    g_SbControl = control;
    return STATUS_SUCCESS;
}

NTSTATUS SbEvtDeviceAdd(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)
{
    WDFDEVICE device;
    NTSTATUS status;

    WdfFdoInitSetFilter(DeviceInit);
    status = WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (g_SbControl == NULL) {
        /* The keyboard works without the sideband. */
        (VOID)SbCreateControl(Driver);
    }
    return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: kmdf
{
    WDF_DRIVER_CONFIG config;

    WDF_DRIVER_CONFIG_INIT(&config, SbEvtDeviceAdd);
    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
}
