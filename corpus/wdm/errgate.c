/*
 * errgate.c - legacy (non-PnP) driver for a front-panel LCD on a storage
 * appliance. DriverEntry creates its control device in a helper and gives
 * up only on an error status: NT_ERROR lets warnings and informational
 * statuses through, as the appliance's coding standard asks. A failure
 * from the helper is returned; every path that returns success has set
 * the dispatch table and the unload routine (no WDM001, WDM003).
 */

#include <ntddk.h>

#define LCD_TAG 'dcLa'

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LcdUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH LcdDispatch;

static PDEVICE_OBJECT LcdDevice;

static NTSTATUS
LcdCreateDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _Out_ PDEVICE_OBJECT *Device
    )
{
    UNICODE_STRING name;

    RtlInitUnicodeString(&name, L"\\Device\\ApplianceLcd");
    *Device = NULL;
    return IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                          FILE_DEVICE_SECURE_OPEN, FALSE, Device);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = LcdCreateDevice(DriverObject, &LcdDevice);
    if (NT_ERROR(status)) {
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LcdDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LcdDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = LcdDispatch;
    DriverObject->DriverUnload = LcdUnload;
    return STATUS_SUCCESS;
}

NTSTATUS
LcdDispatch(
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

VOID
LcdUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(LcdDevice);
}
