/*
 * dispatch.c - create, close and IOCTLs of a GPIO bank device.
 */
#include "gpport.h"

static NTSTATUS
GpComplete(_Inout_ PIRP Irp, _In_ NTSTATUS Status, _In_ ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
GpDispatchCreate(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PGP_DEVICE_EXTENSION ext = (PGP_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    InterlockedIncrement((PLONG)&ext->OpenCount);
    return GpComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
GpDispatchClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PGP_DEVICE_EXTENSION ext = (PGP_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    InterlockedDecrement((PLONG)&ext->OpenCount);
    return GpComplete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS
GpDispatchDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PGP_DEVICE_EXTENSION ext = (PGP_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PULONG buffer = (PULONG)Irp->AssociatedIrp.SystemBuffer;
    ULONG inLen = irpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = irpSp->Parameters.DeviceIoControl.OutputBufferLength;
    KIRQL irql;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_GP_READ_INPUTS:
        if (outLen < sizeof(ULONG)) {
            return GpComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        *buffer = READ_REGISTER_ULONG((PULONG)(ext->Registers + GP_REG_DATA_IN));
        return GpComplete(Irp, STATUS_SUCCESS, sizeof(ULONG));

    case IOCTL_GP_WRITE_OUTPUTS:
        if (inLen < sizeof(ULONG)) {
            return GpComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        WRITE_REGISTER_ULONG((PULONG)(ext->Registers + GP_REG_DATA_OUT), *buffer);
        return GpComplete(Irp, STATUS_SUCCESS, 0);

    case IOCTL_GP_SET_DIRECTION:
        if (inLen < sizeof(ULONG)) {
            return GpComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        WRITE_REGISTER_ULONG((PULONG)(ext->Registers + GP_REG_DIRECTION), *buffer);
        return GpComplete(Irp, STATUS_SUCCESS, 0);

    case IOCTL_GP_GET_CHANGES:
        if (outLen < sizeof(ULONG)) {
            return GpComplete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        KeAcquireSpinLock(&ext->StateLock, &irql);
        *buffer = ext->ChangeMask;
        ext->ChangeMask = 0;
        KeReleaseSpinLock(&ext->StateLock, irql);
        return GpComplete(Irp, STATUS_SUCCESS, sizeof(ULONG));

    default:
        return GpComplete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}
