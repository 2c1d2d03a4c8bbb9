/*
 * ctlparam.c - "beacon": a non-PnP KMDF driver whose DriverEntry allocates
 * the control device's WDFDEVICE_INIT and hands it to a helper, which names
 * the device and creates it from its parameter. The helper's one cleanup
 * label frees the structure when its parameter is not NULL: WdfDeviceCreate
 * clears the pointer when it takes the structure over and leaves it as it
 * was when it fails, so the label frees it exactly when it is still the
 * driver's. DriverEntry itself only returns the helper's status.
 *
 * BUG (DE006): this one's label frees the structure only when naming the
 * device failed; after a failed WdfDeviceCreate it is still the driver's,
 * and DriverEntry returns that failure with the structure allocated.
 */

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD BcEvtDriverUnload;

DECLARE_CONST_UNICODE_STRING(BcDeviceName, L"\\Device\\Beacon");

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
    WdfControlFinishInitializing(device);

Exit:
    if (status == STATUS_OBJECT_NAME_INVALID) {
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
