/*
 * dperf.c - DriverEntry, AddDevice and the I/O path.
 *
 * Sits above disk.sys, counts reads and writes per disk. Counters can be
 * read with IOCTL_DISK_PERFORMANCE on the disk handle.
 */
#include "dperf.h"

ULONG DpDebug = DBGLVL_INFO;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     DpUnload;
IO_COMPLETION_ROUTINE DpIoCompletion;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, DpAddDevice)
#pragma alloc_text(PAGE, DpUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    DPLOG(DBGLVL_INFO, ("DriverEntry (%s)\n", __DATE__));

    DpInitSlots();

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = DpDispatchPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]           = DpDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE]          = DpDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DpDispatchDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = DpDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = DpDispatchPower;

    DriverObject->DriverExtension->AddDevice = DpAddDevice;
    DriverObject->DriverUnload               = DpUnload;

    return STATUS_SUCCESS;
}

VOID
DpUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();
    /* every filter device is gone by the time we get here (REMOVE_DEVICE) */
    DPLOG(DBGLVL_INFO, ("unload\n"));
}

NTSTATUS
DpAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS       status;
    PDEVICE_OBJECT filter = NULL;
    PDP_EXTENSION  ext;

    PAGED_CODE();

    CHECK(IoCreateDevice(DriverObject,
                         sizeof(DP_EXTENSION),
                         NULL,
                         FILE_DEVICE_DISK,
                         FILE_DEVICE_SECURE_OPEN,
                         FALSE,
                         &filter), "IoCreateDevice");

    ext = (PDP_EXTENSION)filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(DP_EXTENSION));
    ext->Self = filter;
    ext->Pdo  = PhysicalDeviceObject;
    IoInitializeRemoveLock(&ext->RemoveLock, DP_TAG, 0, 0);
    KeInitializeSpinLock(&ext->CounterLock);

    ext->Lower = IoAttachDeviceToDeviceStack(filter, PhysicalDeviceObject);

    filter->Flags |= ext->Lower->Flags & (DO_DIRECT_IO | DO_BUFFERED_IO | DO_POWER_PAGABLE);
    filter->DeviceType      = ext->Lower->DeviceType;
    filter->Characteristics = ext->Lower->Characteristics;

    ext->Slot = DpClaimSlot(ext);
    DPLOG(DBGLVL_INFO, ("attached %p above %p (slot %lu)\n", filter, ext->Lower, ext->Slot));

    return STATUS_SUCCESS;

cleanup:
    if (filter != NULL) {
        IoDeleteDevice(filter);
    }
    return status;
}

NTSTATUS
DpDispatchPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDP_EXTENSION ext = (PDP_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS      status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
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
DpIoCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PDP_EXTENSION      ext = (PDP_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp  = IoGetCurrentIrpStackLocation(Irp);
    KIRQL              irql;

    UNREFERENCED_PARAMETER(Context);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    KeAcquireSpinLock(&ext->CounterLock, &irql);
    ext->Counters.QueueDepth--;
    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        if (sp->MajorFunction == IRP_MJ_READ) {
            ext->Counters.ReadCount++;
            ext->Counters.BytesRead += Irp->IoStatus.Information;
        } else {
            ext->Counters.WriteCount++;
            ext->Counters.BytesWritten += Irp->IoStatus.Information;
        }
    }
    KeReleaseSpinLock(&ext->CounterLock, irql);

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
DpDispatchReadWrite(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDP_EXTENSION ext = (PDP_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS      status;
    KIRQL         irql;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    KeAcquireSpinLock(&ext->CounterLock, &irql);
    ext->Counters.QueueDepth++;
    KeReleaseSpinLock(&ext->CounterLock, irql);

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, DpIoCompletion, NULL, TRUE, TRUE, TRUE);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
DpDispatchDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDP_EXTENSION      ext = (PDP_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp  = IoGetCurrentIrpStackLocation(Irp);
    PDISK_PERFORMANCE  perf;
    KIRQL              irql;

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_DISK_PERFORMANCE) {
        return DpDispatchPassThrough(DeviceObject, Irp);
    }

    if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(DISK_PERFORMANCE)) {
        Irp->IoStatus.Status = STATUS_BUFFER_TOO_SMALL;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_BUFFER_TOO_SMALL;
    }

    perf = (PDISK_PERFORMANCE)Irp->AssociatedIrp.SystemBuffer;
    RtlZeroMemory(perf, sizeof(DISK_PERFORMANCE));
    KeAcquireSpinLock(&ext->CounterLock, &irql);
    perf->BytesRead.QuadPart    = ext->Counters.BytesRead;
    perf->BytesWritten.QuadPart = ext->Counters.BytesWritten;
    perf->ReadCount             = ext->Counters.ReadCount;
    perf->WriteCount            = ext->Counters.WriteCount;
    perf->QueueDepth            = ext->Counters.QueueDepth;
    KeReleaseSpinLock(&ext->CounterLock, irql);
    KeQuerySystemTime(&perf->QueryTime);
    perf->StorageDeviceNumber   = ext->Slot;

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = sizeof(DISK_PERFORMANCE);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}
