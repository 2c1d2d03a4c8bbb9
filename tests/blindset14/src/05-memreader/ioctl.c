/*
 * ioctl.c - MemReader dispatch routines
 */
#include "memreader.h"

NTSTATUS MrCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS MrDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_MR_SET_TARGET: {
        MR_TARGET* target = (MR_TARGET*)buffer;
        if (inLen < sizeof(MR_TARGET)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = MrSetTarget(ULongToHandle(target->ProcessId));
        break;
    }

    case IOCTL_MR_READ: {
        MR_READ_REQUEST req;
        if (inLen < sizeof(MR_READ_REQUEST)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        /* input and output share SystemBuffer: take a copy first */
        req = *(MR_READ_REQUEST*)buffer;
        if (outLen < req.Size) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        status = MrReadTarget((ULONG_PTR)req.Address, req.Size, buffer);
        if (NT_SUCCESS(status)) {
            info = req.Size;
        }
        break;
    }

    case IOCTL_MR_GET_BASE:
        if (outLen < sizeof(unsigned long long)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ExAcquireFastMutex(&g_Mr.Lock);
        *(unsigned long long*)buffer = g_Mr.ImageBase;
        ExReleaseFastMutex(&g_Mr.Lock);
        info = sizeof(unsigned long long);
        status = STATUS_SUCCESS;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
