#include "diskstat.h"

namespace diskstat {

NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT fido = nullptr;
    NTSTATUS st = IoCreateDevice(DriverObject, sizeof(FilterExt), nullptr,
                                 FILE_DEVICE_DISK, FILE_DEVICE_SECURE_OPEN, FALSE, &fido);
    if (!NT_SUCCESS(st)) {
        return st;
    }
    DeviceGuard guard(fido);

    auto ext = static_cast<FilterExt*>(fido->DeviceExtension);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fido;
    ext->DiskIndex = static_cast<ULONG>(InterlockedIncrement(&g.DiskCount));
    IoInitializeRemoveLock(&ext->RemoveLock, DS_TAG, 0, 0);

    guard.Dismiss();

    ext->Lower = IoAttachDeviceToDeviceStack(fido, Pdo);
    if (!ext->Lower) {
        DSLOG("attach failed for disk #%lu", ext->DiskIndex);
        return STATUS_NO_SUCH_DEVICE;
    }

    fido->Flags |= ext->Lower->Flags & (DO_DIRECT_IO | DO_BUFFERED_IO | DO_POWER_PAGABLE);
    fido->DeviceType = ext->Lower->DeviceType;
    fido->Characteristics = ext->Lower->Characteristics;
    fido->Flags &= ~DO_DEVICE_INITIALIZING;

    DSLOG("disk #%lu filter %p", ext->DiskIndex, fido);
    return STATUS_SUCCESS;
}

static NTSTATUS
PassDown(FilterExt* ext, PIRP Irp)
{
    IoSkipCurrentIrpStackLocation(Irp);
    NTSTATUS st = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return st;
}

static NTSTATUS
FailIrp(PIRP Irp, NTSTATUS st)
{
    Irp->IoStatus.Status = st;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return st;
}

NTSTATUS DispatchAny(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = static_cast<FilterExt*>(DeviceObject->DeviceExtension);
    NTSTATUS st = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(st)) {
        return FailIrp(Irp, st);
    }
    return PassDown(ext, Irp);
}

NTSTATUS DispatchReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = static_cast<FilterExt*>(DeviceObject->DeviceExtension);
    NTSTATUS st = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(st)) {
        return FailIrp(Irp, st);
    }

    auto sp = IoGetCurrentIrpStackLocation(Irp);
    if (sp->MajorFunction == IRP_MJ_READ) {
        InterlockedIncrement64(&ext->Stats.Reads);
        InterlockedAdd64(&ext->Stats.BytesRead, sp->Parameters.Read.Length);
    } else {
        InterlockedIncrement64(&ext->Stats.Writes);
        InterlockedAdd64(&ext->Stats.BytesWritten, sp->Parameters.Write.Length);
    }
    return PassDown(ext, Irp);
}

NTSTATUS DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto ext = static_cast<FilterExt*>(DeviceObject->DeviceExtension);
    NTSTATUS st = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(st)) {
        return FailIrp(Irp, st);
    }

    auto sp = IoGetCurrentIrpStackLocation(Irp);
    if (sp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);
        IoSkipCurrentIrpStackLocation(Irp);
        st = IoCallDriver(ext->Lower, Irp);

        DSLOG("disk #%lu removed r=%I64d w=%I64d", ext->DiskIndex,
              ext->Stats.Reads, ext->Stats.Writes);
        IoDetachDevice(ext->Lower);
        IoDeleteDevice(DeviceObject);
        return st;
    }
    return PassDown(ext, Irp);
}

} // namespace diskstat
