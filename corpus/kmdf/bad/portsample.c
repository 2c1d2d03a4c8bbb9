/*
 * portsample.c - KMDF "toaster"-style function driver written straight from
 * the "Porting DriverEntry" documentation page, whose example discards the
 * status of WdfDriverCreate and returns STATUS_SUCCESS whatever happened.
 *
 * BUG (DE005): WdfDriverCreate's status is assigned and never examined, and
 * DriverEntry reports success on every path. (The outcome of the call is
 * never tested, so the path is not one on which WdfDriverCreate is known to
 * have failed: WDF004 needs a tested failure, see logonly.c.)
 */

#include <ntddk.h>
#include <wdf.h>

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD ToastEvtDeviceAdd;

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, ToastEvtDeviceAdd);
    status = WdfDriverCreate(DriverObject,              // expect: DE005
                             RegistryPath,
                             WDF_NO_OBJECT_ATTRIBUTES,
                             &config,
                             WDF_NO_HANDLE);

    return STATUS_SUCCESS;
}

NTSTATUS
ToastEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;

    UNREFERENCED_PARAMETER(Driver);
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}
