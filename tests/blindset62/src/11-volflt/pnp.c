/*
 * pnp.c - AddDevice, PnP and power of volflt
 */
#include "volflt.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, VfAddDevice)
#endif

NTSTATUS
VfAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT Pdo
    )
{
    PDEVICE_OBJECT fido = NULL;
    PVF_EXTENSION ext;
    NTSTATUS status;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(VF_EXTENSION), NULL,
                            FILE_DEVICE_DISK, FILE_DEVICE_SECURE_OPEN, FALSE, &fido);
    VF_CHECK(status, "IoCreateDevice");
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PVF_EXTENSION)fido->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fido;
    ext->Pdo = Pdo;
    IoInitializeRemoveLock(&ext->RemoveLock, VF_TAG, 0, 0);

    ext->Lower = IoAttachDeviceToDeviceStack(fido, Pdo);
    if (ext->Lower == NULL) {
        VF_TRACE("attach to %p failed", Pdo);
        IoDeleteDevice(fido);
        return STATUS_NO_SUCH_DEVICE;
    }

    fido->DeviceType = ext->Lower->DeviceType;
    fido->Characteristics = ext->Lower->Characteristics;
    fido->Flags |= ext->Lower->Flags & (DO_DIRECT_IO | DO_BUFFERED_IO | DO_POWER_PAGABLE);

    fido->Flags &= ~DO_DEVICE_INITIALIZING;

    VF_TRACE("filter %p on %p", fido, ext->Lower);
    return STATUS_SUCCESS;
}

NTSTATUS
VfDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVF_EXTENSION ext = (PVF_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT lower;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    if (stack->MinorFunction != IRP_MN_REMOVE_DEVICE) {
        return VfPassThrough(ext, Irp);
    }

    VF_TRACE("remove %p: %ld I/Os, read ticks %I64d, write ticks %I64d",
             DeviceObject, ext->Completed, ext->ReadTicks, ext->WriteTicks);

    /* wait for every I/O that holds the lock, then send the remove down */
    IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);

    lower = ext->Lower;
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(lower, Irp);

    IoDetachDevice(lower);
    IoDeleteDevice(DeviceObject);
    return status;
}

NTSTATUS
VfDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVF_EXTENSION ext = (PVF_EXTENSION)DeviceObject->DeviceExtension;
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
