// filter.cpp -- device attach and the IRP paths
#include "serspy.h"

using namespace serspy;

NTSTATUS
Spy::AddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT fdo = nullptr;
    NTSTATUS status = IoCreateDevice(DriverObject, sizeof(FilterExt), nullptr,
                                     FILE_DEVICE_SERIAL_PORT, FILE_DEVICE_SECURE_OPEN,
                                     FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        SPY_ERR("IoCreateDevice %08x", status);
        return status;
    }

    auto ext = static_cast<FilterExt*>(fdo->DeviceExtension);
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fdo;
    IoInitializeRemoveLock(&ext->RemoveLock, SPY_TAG, 0, 0);

    ext->Lower = IoAttachDeviceToDeviceStack(fdo, Pdo);
    if (ext->Lower == nullptr) {
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }

    // look like the port below us
    fdo->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    fdo->DeviceType = ext->Lower->DeviceType;
    fdo->Characteristics = ext->Lower->Characteristics;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;

    ext->Index = (ULONG)InterlockedIncrement(&g.Ports);
    SPY_LOG("attached #%lu over %p", ext->Index, ext->Lower);
    return STATUS_SUCCESS;
}

void
Spy::Capture(FilterExt* ext, Dir dir, const void* data, ULONG len)
{
    if (data == nullptr || len == 0) {
        return;
    }
    auto rec = static_cast<Record*>(ExAllocateFromNPagedLookasideList(&g.Lookaside));
    if (rec == nullptr) {
        InterlockedIncrement(&g.Dropped);
        return;
    }
    KeQuerySystemTimePrecise(&rec->Stamp);
    rec->Port = ext->Self;
    rec->Direction = dir;
    rec->Length = static_cast<USHORT>(min(len, (ULONG)SPY_SNAP_BYTES));
    RtlCopyMemory(rec->Data, data, rec->Length);

    ExInterlockedInsertTailList(&g.Pending, &rec->Link, &g.PendingLock);
    KeSetEvent(&g.Wake, IO_NO_INCREMENT, FALSE);
}

NTSTATUS
Spy::DispatchAny(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto ext = static_cast<FilterExt*>(DeviceObject->DeviceExtension);
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
Spy::ReadWriteDone(_In_ PDEVICE_OBJECT DeviceObject, _In_ PIRP Irp, _In_reads_opt_(_Inexpressible_("varies")) PVOID Context)
{
    auto ext = static_cast<FilterExt*>(DeviceObject->DeviceExtension);
    UNREFERENCED_PARAMETER(Context);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    if (NT_SUCCESS(Irp->IoStatus.Status) && Irp->AssociatedIrp.SystemBuffer != nullptr &&
        IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_READ) {
        Capture(ext, Dir::Rx, Irp->AssociatedIrp.SystemBuffer, (ULONG)Irp->IoStatus.Information);
    }
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
Spy::DispatchReadWrite(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto ext = static_cast<FilterExt*>(DeviceObject->DeviceExtension);
    auto sp = IoGetCurrentIrpStackLocation(Irp);

    NTSTATUS status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    // serial ports are buffered I/O, so SystemBuffer has the data already
    if (sp->MajorFunction == IRP_MJ_WRITE) {
        Capture(ext, Dir::Tx, Irp->AssociatedIrp.SystemBuffer, sp->Parameters.Write.Length);
    }

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, ReadWriteDone, nullptr, TRUE, TRUE, TRUE);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
Spy::DispatchPnp(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto ext = static_cast<FilterExt*>(DeviceObject->DeviceExtension);
    NTSTATUS status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    if (IoGetCurrentIrpStackLocation(Irp)->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);
        IoDetachDevice(ext->Lower);
        IoDeleteDevice(DeviceObject);
        InterlockedDecrement(&g.Ports);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
Spy::DispatchPower(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto ext = static_cast<FilterExt*>(DeviceObject->DeviceExtension);
    PoStartNextPowerIrp(Irp);
    NTSTATUS status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
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
