#include "volguard.h"

static ULONG
VgBucket(ULONG len)
{
    ULONG b = 0;
    while (len > 1 && b < VG_HIST_BUCKETS - 1) {
        len >>= 1;
        b++;
    }
    return b;
}

NTSTATUS
VgDispatchPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVG_EXTENSION ext = (PVG_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);

    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
VgDispatchWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVG_EXTENSION ext = (PVG_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    if (ext->WriteLocked) {
        Irp->IoStatus.Status = STATUS_MEDIA_WRITE_PROTECTED;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_MEDIA_WRITE_PROTECTED;
    }

    InterlockedIncrement64(&ext->Writes);
    InterlockedIncrement((volatile LONG*)&ext->WriteHistogram[VgBucket(sp->Parameters.Write.Length)]);
    return VgDispatchPassThrough(DeviceObject, Irp);
}

NTSTATUS
VgDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVG_EXTENSION ext = (PVG_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    PoStartNextPowerIrp(Irp);
    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
VgDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVG_EXTENSION ext = (PVG_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (sp->MinorFunction) {
    case IRP_MN_REMOVE_DEVICE:
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);
        IoDetachDevice(ext->Lower);
        ExFreePoolWithTag(ext->WriteHistogram, VG_TAG);
        IoDeleteDevice(DeviceObject);
        return status;

    case IRP_MN_QUERY_REMOVE_DEVICE:
        VG_TRACE(VG_INFO, "query remove, writes=%I64d", ext->Writes);
        break;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
