/*
 * dispatch.c - \\.\KGuard
 */
#include "kguard.h"

NTSTATUS KgCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS KgDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;
    PVOID buf = Irp->AssociatedIrp.SystemBuffer;

    UNREFERENCED_PARAMETER(DeviceObject);

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_KG_QUERY: {
        PKG_QUERY q = (PKG_QUERY)buf;
        if (irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(KG_QUERY)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        q->GamePid          = HandleToULong(g_Kg.GamePid);
        q->HandlesStripped  = g_Kg.HandlesStripped;
        q->RegWritesBlocked = g_Kg.RegWritesBlocked;
        info = sizeof(KG_QUERY);
        break;
    }

    case IOCTL_KG_SET_PID:
        if (irpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        /* launcher override for debug builds where the exe has another name */
        InterlockedExchangePointer(&g_Kg.GamePid, ULongToHandle(*(PULONG)buf));
        KG_TRACE("game pid overridden to %lu\n", *(PULONG)buf);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
