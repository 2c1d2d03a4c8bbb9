/*
 * ctltake.c - "beacon" of ctlparam.c with a symbolic link: its helper
 * creates the control device from the WDFDEVICE_INIT DriverEntry hands it,
 * then the link. Once WdfDeviceCreate has succeeded, the framework owns the
 * structure (it goes with the device), so a failing link needs no
 * WdfDeviceInitFree: the label's `if (DeviceInit != NULL)` finds the NULL
 * WdfDeviceCreate left.
 *
 * BUG (DE006): this one's label frees the structure only when the link
 * failed, which is after the framework took it; a failed WdfDeviceCreate
 * leaves it allocated.
 */

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD BcEvtDriverUnload;

DECLARE_CONST_UNICODE_STRING(BcDeviceName, L"\\Device\\Beacon");
DECLARE_CONST_UNICODE_STRING(BcLinkName, L"\\DosDevices\\Beacon");

static NTSTATUS
BcCreateControlDevice(_In_ PWDFDEVICE_INIT DeviceInit)
{
    WDFDEVICE device;
    NTSTATUS status;

    status = WdfDeviceInitAssignName(DeviceInit, &BcDeviceName);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    status = WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    status = WdfDeviceCreateSymbolicLink(device, &BcLinkName);
    if (!NT_SUCCESS(status)) {
        goto Exit;
    }
    WdfControlFinishInitializing(device);

Exit:
    if (status == STATUS_OBJECT_NAME_COLLISION && DeviceInit != NULL) {
        WdfDeviceInitFree(DeviceInit);
    }
    return status;
}

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    PWDFDEVICE_INIT init;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = BcEvtDriverUnload;
    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    init = WdfControlDeviceInitAllocate(driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (NULL == init) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    return BcCreateControlDevice(init); // expect: DE006
}

VOID
BcEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
}
