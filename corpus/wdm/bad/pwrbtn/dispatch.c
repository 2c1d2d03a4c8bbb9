/*
 * dispatch.c - dispatch routines of pwrbtn and the helper that installs
 * them in the driver object.
 */

#include <ntddk.h>
#include "pwrbtn.h"

#define IOCTL_PWRBTN_GET_PRESSES \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x880, METHOD_BUFFERED, FILE_READ_ACCESS)

VOID
PbInitDispatch(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    DriverObject->MajorFunction[IRP_MJ_CREATE]         = PbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = PbCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PbDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = PbPower;
}

_Use_decl_annotations_
NTSTATUS
PbCreateClose(
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
PbDeviceControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PPWRBTN_EXTENSION ext = (PPWRBTN_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    if (irpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_PWRBTN_GET_PRESSES) {
        if (irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            *(PULONG)Irp->AssociatedIrp.SystemBuffer = ext->PressCount;
            info = sizeof(ULONG);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

_Use_decl_annotations_
NTSTATUS
PbPower(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PPWRBTN_EXTENSION ext = (PPWRBTN_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

/* Written for 1.1 but never put into the table (see pwrbtn.c). */
_Use_decl_annotations_
NTSTATUS
PbPnp(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PPWRBTN_EXTENSION ext = (PPWRBTN_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT lower = ext->Lower;
    NTSTATUS status;

    if (irpSp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(lower, Irp);
        IoDetachDevice(lower);
        IoDeleteDevice(DeviceObject);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(lower, Irp);
}
