#include "diskguard.h"

static NTSTATUS
DgComplete(PIRP Irp, NTSTATUS St)
{
    Irp->IoStatus.Status = St;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return St;
}

NTSTATUS
DgPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDG_EXT ext = DeviceObject->DeviceExtension;
    NTSTATUS st = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(st))
        return DgComplete(Irp, st);

    IoSkipCurrentIrpStackLocation(Irp);
    st = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return st;
}

NTSTATUS
DgWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDG_EXT ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    if (!g_Dg.AllowBoot &&
        sp->Parameters.Write.ByteOffset.QuadPart < DG_SECTOR_SIZE) {
        InterlockedIncrement(&ext->Blocked);
        return DgComplete(Irp, STATUS_MEDIA_WRITE_PROTECTED);
    }
    return DgPass(DeviceObject, Irp);
}

NTSTATUS
DgPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PDG_EXT ext = DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS st;

    st = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(st))
        return DgComplete(Irp, st);

    if (sp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);
        IoSkipCurrentIrpStackLocation(Irp);
        st = IoCallDriver(ext->Lower, Irp);

        IoDetachDevice(ext->Lower);
        ExFreePoolWithTag(ext->Scratch, DG_TAG);
        InterlockedDecrement(&g_Dg.Devices);
        IoDeleteDevice(DeviceObject);
        return st;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    st = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return st;
}
