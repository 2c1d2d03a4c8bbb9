/*
 * widgetif.c - WDM function driver of a lab widget that exposes a device
 * interface. Its interface GUID comes from a DEFINE_GUID of the company's
 * public header (widgetguid.h), which this checkout does not have; DriverEntry
 * copies the GUID into a global. entrycheck assumes the missing constant is a
 * GUID, as its use says, and analyzes DriverEntry (degraded). Conforming.
 */

#include <ntddk.h>
#include "widgetguid.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE WidgetAddDevice;
DRIVER_UNLOAD WidgetUnload;
_Dispatch_type_(IRP_MJ_PNP) DRIVER_DISPATCH WidgetDispatchPnp;
_Dispatch_type_(IRP_MJ_POWER) DRIVER_DISPATCH WidgetDispatchPower;

static GUID WidgetInterface;

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    GUID interfaceGuid = GUID_DEVINTERFACE_LAB_WIDGET;

    UNREFERENCED_PARAMETER(RegistryPath);

    WidgetInterface = interfaceGuid;
    DriverObject->DriverExtension->AddDevice = WidgetAddDevice;
    DriverObject->MajorFunction[IRP_MJ_PNP] = WidgetDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = WidgetDispatchPower;
    DriverObject->DriverUnload = WidgetUnload;
    return STATUS_SUCCESS;
}

NTSTATUS
WidgetAddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT PhysicalDeviceObject)
{
    UNICODE_STRING link;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);
    status = IoRegisterDeviceInterface(PhysicalDeviceObject, &WidgetInterface, NULL, &link);
    if (NT_SUCCESS(status)) {
        RtlFreeUnicodeString(&link);
    }
    return status;
}

NTSTATUS
WidgetDispatchPnp(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_NOT_SUPPORTED;
}

NTSTATUS
WidgetDispatchPower(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_NOT_SUPPORTED;
}

VOID
WidgetUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}
