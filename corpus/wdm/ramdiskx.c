/*
 * ramdiskx.c - legacy RAM disk that creates its disk device itself at load
 * time. It has no AddDevice by design: nothing enumerates it. Its device
 * still receives PnP requests (a paging file placed on the disk sends
 * IRP_MN_DEVICE_USAGE_NOTIFICATION, a volume manager asks for its target
 * relation), which RamdxPnp answers: IRP_MJ_PNP without AddDevice is right.
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

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                                    // expect-entry: wdm
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING deviceName;
    PDEVICE_OBJECT deviceObject = NULL;

    UNREFERENCED_PARAMETER(RegistryPath);

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

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RamdxCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = RamdxCreateClose;
    DriverObject->MajorFunction[IRP_MJ_PNP]    = RamdxPnp;
    DriverObject->DriverUnload                 = RamdxUnload;

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
