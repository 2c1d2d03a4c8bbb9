/*
 * rdclass.sys - dispatch routines (the RAM image itself is not wired up in
 * this trimmed copy; reads and writes fail).
 */
#include "07-ramdisk-class.h"

static NTSTATUS
RdcComplete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

static NTSTATUS
RdcPassDown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEVICE_OBJECT lower = *(PDEVICE_OBJECT*)DeviceObject->DeviceExtension;
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(lower, Irp);
}

NTSTATUS RdcDispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return RdcComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS RdcDispatchReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return RdcComplete(Irp, STATUS_DEVICE_NOT_READY, 0);
}

NTSTATUS RdcDispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return RdcComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

NTSTATUS RdcDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDEVICE_OBJECT lower = *(PDEVICE_OBJECT*)DeviceObject->DeviceExtension;
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(lower, Irp);
}

NTSTATUS RdcDispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    return RdcPassDown(DeviceObject, Irp);
}

NTSTATUS RdcDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT lower = *(PDEVICE_OBJECT*)DeviceObject->DeviceExtension;
    NTSTATUS status;

    if (sp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        PRDC_DRIVER_EXTENSION ext = IoGetDriverObjectExtension(DeviceObject->DriverObject, RDC_EXTENSION_ID);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(lower, Irp);
        IoDetachDevice(lower);
        IoDeleteDevice(DeviceObject);
        ExAcquireFastMutex(&ext->Lock);
        ext->DeviceCount--;
        ExReleaseFastMutex(&ext->Lock);
        return status;
    }
    return RdcPassDown(DeviceObject, Irp);
}
