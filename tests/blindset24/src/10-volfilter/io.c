/*++

Module Name:

    io.c

Abstract:

    Read/write accounting, the statistics IOCTL and pass-through for the
    volume traffic filter.

Environment:

    Kernel mode only.

--*/

#include "volflt.h"

static IO_COMPLETION_ROUTINE VfReadWriteCompletion;

NTSTATUS
VfDispatchPassThrough(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVF_FILTER_EXTENSION ext = (PVF_FILTER_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);

    return status;
}

static NTSTATUS
VfReadWriteCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PVF_IO_CONTEXT ioCtx = (PVF_IO_CONTEXT)Context;
    PVF_FILTER_EXTENSION ext = ioCtx->Extension;
    LONG64 bytes = (LONG64)Irp->IoStatus.Information;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        if (ioCtx->IsWrite) {
            InterlockedAdd64(&ext->WriteBytes, bytes);
            InterlockedIncrement64(&ext->WriteCount);
        } else {
            InterlockedAdd64(&ext->ReadBytes, bytes);
            InterlockedIncrement64(&ext->ReadCount);
        }
    } else {
        InterlockedIncrement64(&ext->Failed);
    }

    ExFreeToNPagedLookasideList(&VfGlobals.IoContextLookaside, ioCtx);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);

    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
VfDispatchReadWrite(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVF_FILTER_EXTENSION ext = (PVF_FILTER_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PVF_IO_CONTEXT ioCtx;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    ioCtx = (PVF_IO_CONTEXT)ExAllocateFromNPagedLookasideList(&VfGlobals.IoContextLookaside);
    if (ioCtx == NULL) {
        //
        // Accounting is best effort: never fail I/O for it.
        //
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->LowerDevice, Irp);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;
    }

    ioCtx->Extension = ext;
    ioCtx->StartTime = KeQueryInterruptTime();
    ioCtx->IsWrite = (BOOLEAN)(sp->MajorFunction == IRP_MJ_WRITE);

    //
    // The remove lock is released by the completion routine.
    //
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, VfReadWriteCompletion, ioCtx, TRUE, TRUE, TRUE);

    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS
VfDispatchDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVF_FILTER_EXTENSION ext = (PVF_FILTER_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PVF_VOLUME_STATS stats;
    NTSTATUS status;

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_VF_QUERY_STATS) {
        return VfDispatchPassThrough(DeviceObject, Irp);
    }

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(VF_VOLUME_STATS)) {
        status = STATUS_BUFFER_TOO_SMALL;
        Irp->IoStatus.Information = 0;
    } else {
        stats = (PVF_VOLUME_STATS)Irp->AssociatedIrp.SystemBuffer;
        RtlZeroMemory(stats, sizeof(*stats));
        stats->VolumeNumber = ext->VolumeNumber;
        stats->ReadBytes = ext->ReadBytes;
        stats->WriteBytes = ext->WriteBytes;
        stats->ReadCount = ext->ReadCount;
        stats->WriteCount = ext->WriteCount;
        stats->Failed = ext->Failed;
        status = STATUS_SUCCESS;
        Irp->IoStatus.Information = sizeof(VF_VOLUME_STATS);
    }

    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);

    return status;
}

VOID
VfLogAllVolumes(
    _In_z_ PCSTR Reason
    )
{
    PLIST_ENTRY entry;
    PVF_FILTER_EXTENSION ext;

    if (KeGetCurrentIrql() > APC_LEVEL) {
        return;
    }

    KeEnterCriticalRegion();
    ExAcquireResourceSharedLite(&VfGlobals.FilterListLock, TRUE);

    VF_TRACE(1, "%s: %lu volume(s)", Reason, VfGlobals.FilterCount);

    for (entry = VfGlobals.FilterList.Flink;
         entry != &VfGlobals.FilterList;
         entry = entry->Flink) {

        ext = CONTAINING_RECORD(entry, VF_FILTER_EXTENSION, GlobalLink);

        VF_TRACE(1, "  volume %lu: read %I64d bytes / %I64d ops, wrote %I64d bytes / %I64d ops, %I64d failed",
                 ext->VolumeNumber, ext->ReadBytes, ext->ReadCount,
                 ext->WriteBytes, ext->WriteCount, ext->Failed);
    }

    ExReleaseResourceLite(&VfGlobals.FilterListLock);
    KeLeaveCriticalRegion();
}
