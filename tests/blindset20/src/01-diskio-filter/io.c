/*++

Copyright (c) Contoso Storage Systems.  All rights reserved.

Module Name:

    io.c

Abstract:

    Read/write timing, pass-through, private IOCTLs and the
    per-processor statistics store for the disk I/O statistics filter.

Environment:

    Kernel mode only.

--*/

#include "diskiof.h"

IO_COMPLETION_ROUTINE DifReadWriteCompletion;

static
ULONG
DifBucketForLatency(
    _In_ ULONG64 Latency100ns
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, DifAllocateStatistics)
#endif


_Use_decl_annotations_
NTSTATUS
DifAllocateStatistics(
    PDIF_GLOBALS Globals
    )
/*++

Routine Description:

    Allocates one cache-aligned statistics slot per possible processor
    (across all groups, so hot-added processors already have a slot).

--*/
{
    ULONG count;
    SIZE_T bytes;

    PAGED_CODE();

    count = KeQueryMaximumProcessorCountEx(ALL_PROCESSOR_GROUPS);
    if (count == 0) {
        return STATUS_INVALID_DEVICE_STATE;
    }

    bytes = (SIZE_T)count * sizeof(DIF_CPU_STATS);

    Globals->CpuStats = (PDIF_CPU_STATS)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                        bytes,
                                                        DIF_TAG_STATS);
    if (Globals->CpuStats == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    Globals->CpuCount = count;
    return STATUS_SUCCESS;
}


_Use_decl_annotations_
VOID
DifAggregateStatistics(
    PDIF_GLOBALS Globals,
    PDIF_STATISTICS Total
    )
{
    ULONG cpu;
    ULONG bucket;

    RtlZeroMemory(Total, sizeof(*Total));

    for (cpu = 0; cpu < Globals->CpuCount; cpu++) {
        PDIF_STATISTICS s = &Globals->CpuStats[cpu].Stats;

        Total->ReadCount         += s->ReadCount;
        Total->WriteCount        += s->WriteCount;
        Total->BytesRead         += s->BytesRead;
        Total->BytesWritten      += s->BytesWritten;
        Total->ReadLatency100ns  += s->ReadLatency100ns;
        Total->WriteLatency100ns += s->WriteLatency100ns;
        Total->FailedRequests    += s->FailedRequests;

        for (bucket = 0; bucket < DIF_HISTOGRAM_BUCKETS; bucket++) {
            Total->Histogram[bucket] += s->Histogram[bucket];
        }
    }
}


static
ULONG
DifBucketForLatency(
    _In_ ULONG64 Latency100ns
    )
{
    ULONG bucket = 0;
    ULONG64 scaled = Latency100ns >> g_DifGlobals.Parameters.HistogramShift;

    while (scaled != 0 && bucket < DIF_HISTOGRAM_BUCKETS - 1) {
        scaled >>= 1;
        bucket++;
    }

    return bucket;
}


_Use_decl_annotations_
NTSTATUS
DifDispatchPassThrough(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PDIF_DEVICE_EXTENSION extension = (PDIF_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&extension->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(extension->LowerDeviceObject, Irp);

    IoReleaseRemoveLock(&extension->RemoveLock, Irp);
    return status;
}


_Use_decl_annotations_
NTSTATUS
DifReadWriteCompletion(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp,
    PVOID Context
    )
/*++

Routine Description:

    Accounts a finished read or write on the completing processor's slot
    and drops the remove lock taken at dispatch.

--*/
{
    PDIF_IO_CONTEXT ioContext = (PDIF_IO_CONTEXT)Context;
    PDIF_DEVICE_EXTENSION extension = ioContext->Extension;
    LARGE_INTEGER now;
    LARGE_INTEGER frequency;
    ULONG64 elapsed100ns;
    ULONG cpu;
    PDIF_STATISTICS stats;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    now = KeQueryPerformanceCounter(&frequency);
    elapsed100ns = (ULONG64)(now.QuadPart - ioContext->StartTime.QuadPart) * 10000000ULL /
                   (ULONG64)frequency.QuadPart;

    cpu = KeGetCurrentProcessorNumberEx(NULL);

    if (cpu < g_DifGlobals.CpuCount) {

        stats = &g_DifGlobals.CpuStats[cpu].Stats;

        if (!NT_SUCCESS(Irp->IoStatus.Status)) {
            stats->FailedRequests++;
        } else if (ioContext->MajorFunction == IRP_MJ_READ) {
            stats->ReadCount++;
            stats->BytesRead += Irp->IoStatus.Information;
            stats->ReadLatency100ns += elapsed100ns;
        } else {
            stats->WriteCount++;
            stats->BytesWritten += Irp->IoStatus.Information;
            stats->WriteLatency100ns += elapsed100ns;
        }

        stats->Histogram[DifBucketForLatency(elapsed100ns)]++;
    }

    if (g_DifGlobals.Parameters.TraceSlowRequestsMs != 0 &&
        elapsed100ns / 10000 >= g_DifGlobals.Parameters.TraceSlowRequestsMs) {
        DIF_TRACE(DIF_LEVEL_WARNING, "slow %s of %lu bytes on %p: %I64u us",
                  ioContext->MajorFunction == IRP_MJ_READ ? "read" : "write",
                  ioContext->Length,
                  extension->Self,
                  elapsed100ns / 10);
    }

    ExFreeToNPagedLookasideList(&g_DifGlobals.ContextLookaside, ioContext);

    IoReleaseRemoveLock(&extension->RemoveLock, Irp);

    return STATUS_CONTINUE_COMPLETION;
}


_Use_decl_annotations_
NTSTATUS
DifDispatchReadWrite(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PDIF_DEVICE_EXTENSION extension = (PDIF_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PDIF_IO_CONTEXT ioContext = NULL;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&extension->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    if (g_DifGlobals.Parameters.Enabled) {
        ioContext = (PDIF_IO_CONTEXT)ExAllocateFromNPagedLookasideList(&g_DifGlobals.ContextLookaside);
    }

    if (ioContext == NULL) {
        //
        // Statistics disabled or no memory: never fail I/O for the sake
        // of accounting.
        //
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(extension->LowerDeviceObject, Irp);
        IoReleaseRemoveLock(&extension->RemoveLock, Irp);
        return status;
    }

    ioContext->Extension = extension;
    ioContext->MajorFunction = irpSp->MajorFunction;
    ioContext->Length = (irpSp->MajorFunction == IRP_MJ_READ) ? irpSp->Parameters.Read.Length
                                                              : irpSp->Parameters.Write.Length;
    ioContext->StartTime = KeQueryPerformanceCounter(NULL);

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp,
                           DifReadWriteCompletion,
                           ioContext,
                           TRUE,
                           TRUE,
                           TRUE);

    //
    // The remove lock is released by the completion routine.
    //
    return IoCallDriver(extension->LowerDeviceObject, Irp);
}


_Use_decl_annotations_
NTSTATUS
DifDispatchDeviceControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PDIF_DEVICE_EXTENSION extension = (PDIF_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    ULONG cpu;

    status = IoAcquireRemoveLock(&extension->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_DIF_QUERY_STATISTICS:

        if (irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(DIF_STATISTICS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            Irp->IoStatus.Information = 0;
        } else {
            DifAggregateStatistics(&g_DifGlobals, (PDIF_STATISTICS)Irp->AssociatedIrp.SystemBuffer);
            Irp->IoStatus.Information = sizeof(DIF_STATISTICS);
            status = STATUS_SUCCESS;
        }
        break;

    case IOCTL_DIF_RESET_STATISTICS:

        for (cpu = 0; cpu < g_DifGlobals.CpuCount; cpu++) {
            RtlZeroMemory(&g_DifGlobals.CpuStats[cpu], sizeof(DIF_CPU_STATS));
        }
        Irp->IoStatus.Information = 0;
        status = STATUS_SUCCESS;
        break;

    default:

        //
        // Everything else belongs to the disk stack.
        //
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(extension->LowerDeviceObject, Irp);
        IoReleaseRemoveLock(&extension->RemoveLock, Irp);
        return status;
    }

    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    IoReleaseRemoveLock(&extension->RemoveLock, Irp);

    return status;
}
