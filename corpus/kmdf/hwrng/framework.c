/*
 * framework.c - WDFDRIVER creation and device setup for hwrng.
 */

#include "hwrng.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, HwRngCreateFrameworkDriver)
#pragma alloc_text(PAGE, HwRngEvtDeviceAdd)
#pragma alloc_text(PAGE, HwRngEvtDriverUnload)
#endif

NTSTATUS
HwRngCreateFrameworkDriver(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;

    WDF_DRIVER_CONFIG_INIT(&config, HwRngEvtDeviceAdd);
    config.EvtDriverUnload = HwRngEvtDriverUnload;
    config.DriverPoolTag   = HWRNG_TAG;

    return WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                           &config, WDF_NO_HANDLE);
}

_Use_decl_annotations_
NTSTATUS
HwRngEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    DECLARE_CONST_UNICODE_STRING(deviceName, L"\\Device\\HwRng");
    DECLARE_CONST_UNICODE_STRING(linkName, L"\\DosDevices\\HwRng");
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_IO_QUEUE_CONFIG queueConfig;
    WDFDEVICE device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    status = WdfDeviceInitAssignName(DeviceInit, &deviceName);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    WdfDeviceInitSetIoType(DeviceInit, WdfDeviceIoBuffered);

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, HWRNG_DEVICE_CONTEXT);
    status = WdfDeviceCreate(&DeviceInit, &attributes, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    /* Register mapping happens in EvtDevicePrepareHardware (omitted). */

    WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchSequential);
    queueConfig.EvtIoRead = HwRngEvtIoRead;
    return WdfIoQueueCreate(device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, WDF_NO_HANDLE);
}

_Use_decl_annotations_
VOID
HwRngEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(Driver);
}
