/*
 * ramdiskx.c - the PnP version of the RAM disk: its device is made by
 * RamdxAddDevice for the devnode its INF installs. DriverEntry sets the PnP
 * dispatch routine but lost the AddDevice registration along the way, so
 * the PnP manager never asks the driver for a device.
 */

#include <ntddk.h>

#define RAMDX_DEVICE_NAME  L"\\Device\\RamDiskX0"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RamdxUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH RamdxCreateClose;

_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH RamdxPnp;

DRIVER_ADD_DEVICE RamdxAddDevice;

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                                    // expect-entry: wdm
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RamdxCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = RamdxCreateClose;
    DriverObject->MajorFunction[IRP_MJ_PNP]    = RamdxPnp;
    DriverObject->DriverUnload                 = RamdxUnload;

    return STATUS_SUCCESS;                                      // expect: WDM002
}

_Use_decl_annotations_
NTSTATUS
RamdxAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS status;
    UNICODE_STRING deviceName;
    PDEVICE_OBJECT deviceObject = NULL;

    UNREFERENCED_PARAMETER(PhysicalDeviceObject);

    RtlInitUnicodeString(&deviceName, RAMDX_DEVICE_NAME);
    status = IoCreateDevice(DriverObject,
                            0,
                            &deviceName,
                            FILE_DEVICE_DISK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    deviceObject->Flags |= DO_DIRECT_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
RamdxUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    if (DriverObject->DeviceObject != NULL) {
        IoDeleteDevice(DriverObject->DeviceObject);
    }
}

_Use_decl_annotations_
NTSTATUS
RamdxCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
RamdxPnp(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    NTSTATUS status = Irp->IoStatus.Status;

    UNREFERENCED_PARAMETER(DeviceObject);

    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
