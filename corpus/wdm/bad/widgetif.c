/*
 * widgetif.c (violating) - the lab widget of ../widgetif.c, whose GUID
 * comes from the missing widgetguid.h. Analyzed (degraded) thanks to the
 * assumed GUID constant, DriverEntry shows its defect:
 *
 * BUG (WDM003): DriverUnload is not set; the driver can never be unloaded.
 */

#include <ntddk.h>
#include "widgetguid.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE WidgetAddDevice;
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
    return STATUS_SUCCESS;                              // expect: WDM003
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
