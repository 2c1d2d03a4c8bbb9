/*
 * ctlgoto.c - the "fanlog" control-device helper of ctlinit.c written with
 * one cleanup label: every failure jumps to it, and it frees the
 * WDFDEVICE_INIT when the pointer is not NULL. WdfDeviceCreate sets the
 * pointer to NULL when it takes the structure over and leaves it alone when
 * it fails, so the label frees it exactly when it is still the driver's.
 */

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD FgEvtDriverUnload;
EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL FgEvtIoDeviceControl;

DECLARE_CONST_UNICODE_STRING(FgDeviceName, L"\\Device\\FanLogG");
DECLARE_CONST_UNICODE_STRING(FgLinkName, L"\\DosDevices\\FanLogG");

static WDFDEVICE FgControlDevice;

static NTSTATUS
FgCreateControlDevice(_In_ WDFDRIVER Driver)
{
    PWDFDEVICE_INIT init;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device = NULL;
    NTSTATUS status;

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_RWX_WORLD_R_RES_R);
    if (init == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    WdfDeviceInitSetExclusive(init, FALSE);
    status = WdfDeviceInitAssignName(init, &FgDeviceName);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }

    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }

    status = WdfDeviceCreateSymbolicLink(device, &FgLinkName);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoDeviceControl = FgEvtIoDeviceControl;
    status = WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        goto Cleanup;
    }

    WdfControlFinishInitializing(device);
    FgControlDevice = device;
    device = NULL;

Cleanup:
    if (init != NULL) {
        WdfDeviceInitFree(init);
    }
    if (device != NULL) {
        WdfObjectDelete(device);
    }
    return status;
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)   // expect-entry: kmdf
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = FgEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return FgCreateControlDevice(driver);
}

VOID
FgEvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    if (FgControlDevice != NULL) {
        WdfObjectDelete(FgControlDevice);
        FgControlDevice = NULL;
    }
}

VOID
FgEvtIoDeviceControl(_In_ WDFQUEUE Queue, _In_ WDFREQUEST Request, _In_ size_t OutputBufferLength,
                     _In_ size_t InputBufferLength, _In_ ULONG IoControlCode)
{
    UNREFERENCED_PARAMETER(Queue);
    UNREFERENCED_PARAMETER(OutputBufferLength);
    UNREFERENCED_PARAMETER(InputBufferLength);
    UNREFERENCED_PARAMETER(IoControlCode);
    WdfRequestComplete(Request, STATUS_INVALID_DEVICE_REQUEST);
}
