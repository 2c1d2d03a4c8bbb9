/*
 * wdmhooks.c - KMDF port of a WDM driver for the GPIO-driven door sensors
 * of the DS-6 cabinet. Two pieces of the WDM driver survived the port: its
 * DriverUnload (which deleted the control device) and a shutdown hook that
 * latches the door state into CMOS.
 *
 * BUG (WDF005, twice): the driver writes DriverUnload and a MajorFunction
 * slot of a driver object the framework owns, without
 * WdfDriverInitNoDispatchOverride. The framework's own unload and dispatch
 * routines are replaced: WDF objects are never torn down on unload, and
 * IRP_MJ_SHUTDOWN bypasses the framework's queues.
 */

#include <ntddk.h>
#include <wdf.h>

#define DOORS_TAG 'rooD'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DoorsWdmUnload;
EVT_WDF_DRIVER_DEVICE_ADD DoorsEvtDeviceAdd;

_Dispatch_type_(IRP_MJ_SHUTDOWN)
DRIVER_DISPATCH DoorsShutdown;

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, DoorsEvtDeviceAdd);
    config.DriverPoolTag = DOORS_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    /* Carried over from the WDM driver. */
    DriverObject->DriverUnload = DoorsWdmUnload;                    // expect: WDF005
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = DoorsShutdown;   // expect: WDF005

    return STATUS_SUCCESS;
}

NTSTATUS
DoorsEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;

    UNREFERENCED_PARAMETER(Driver);
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}

VOID
DoorsWdmUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS
DoorsShutdown(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
