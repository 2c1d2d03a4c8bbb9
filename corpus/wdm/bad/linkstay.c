/*
 * linkstay.c - legacy WDM driver of a license dongle: a control device and
 * its symbolic link for the user-mode service.
 *
 * BUG (DE011): the unload routine deletes the device but not the link: the
 * \DosDevices\LinkStay name survives the driver, and the next load fails to
 * create it (STATUS_OBJECT_NAME_COLLISION) until the machine restarts.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LsUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH LsCreateClose;

static UNICODE_STRING LsLink = RTL_CONSTANT_STRING(L"\\DosDevices\\LinkStay");

_Use_decl_annotations_
NTSTATUS
LsCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
LsUnload(PDRIVER_OBJECT DriverObject)
{
    IoDeleteDevice(DriverObject->DeviceObject);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\LinkStay");
    PDEVICE_OBJECT device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoCreateSymbolicLink(&LsLink, &name);      // expect: DE011
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LsCreateClose;
    DriverObject->DriverUnload = LsUnload;
    return STATUS_SUCCESS;
}
