/*
 * logonly.c - KMDF driver for the SPI status LEDs of the RK-1 rack
 * controller. The author did look at WdfDriverCreate's status, but only to
 * log it: the driver must "never fail boot".
 *
 * BUG (WDF004): after WdfDriverCreate failed, DriverEntry still returns
 * STATUS_SUCCESS, so the system keeps a driver without a framework object.
 */

#include <ntddk.h>
#include <wdf.h>

#define RKLED_TAG 'dLkR'

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD RkLedEvtDeviceAdd;

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, RkLedEvtDeviceAdd);
    config.DriverPoolTag = RKLED_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "rkled: WdfDriverCreate failed 0x%08X (ignored)\n", status));
    }

    return STATUS_SUCCESS;                              // expect: WDF004
}

NTSTATUS
RkLedEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;

    UNREFERENCED_PARAMETER(Driver);
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}
