/*
 * io.c - read/write accounting and pass-through of DiskPerfX.
 */
#include "dpx.h"

typedef struct _DPX_IO_CONTEXT {
    LARGE_INTEGER   Start;
    BOOLEAN         Write;
} DPX_IO_CONTEXT;

static ULONG
DpxBucket(_In_ LONGLONG Ticks100ns)
{
    ULONG bucket = 0;
    LONGLONG us = Ticks100ns / 10;

    while (us > 1 && bucket < DPX_HISTOGRAM_BUCKETS - 1) {
        us >>= 1;
        bucket++;
    }
    return bucket;
}

static NTSTATUS
DpxIoCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PDPX_DEVICE_EXTENSION   ext = (PDPX_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PDPX_DRIVER_EXTENSION   driverExtension = DpxGetDriverExtension(DeviceObject->DriverObject);
    PIO_STACK_LOCATION      irpSp = IoGetCurrentIrpStackLocation(Irp);
    LARGE_INTEGER           now;
    LARGE_INTEGER           start;
    KIRQL                   irql;

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    /* The start time travels as the context value (x64 builds only). */
    start.QuadPart = (LONGLONG)(ULONG_PTR)Context;
    now = KeQueryPerformanceCounter(NULL);

    KeAcquireSpinLock(&ext->CounterLock, &irql);
    if (irpSp->MajorFunction == IRP_MJ_READ) {
        ext->Counters.Reads++;
        ext->Counters.BytesRead += Irp->IoStatus.Information;
    } else {
        ext->Counters.Writes++;
        ext->Counters.BytesWritten += Irp->IoStatus.Information;
    }
    if (driverExtension->HistogramEnabled && start.QuadPart != 0) {
        ext->Counters.Histogram[DpxBucket(now.QuadPart - start.QuadPart)]++;
    }
    KeReleaseSpinLock(&ext->CounterLock, irql);

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
DpxDispatchReadWrite(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PDPX_DEVICE_EXTENSION   ext = (PDPX_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    LARGE_INTEGER           start;
    NTSTATUS                status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    start = KeQueryPerformanceCounter(NULL);

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, DpxIoCompletion, (PVOID)(ULONG_PTR)start.QuadPart, TRUE, TRUE, TRUE);
    return IoCallDriver(ext->TargetDeviceObject, Irp);
}

NTSTATUS
DpxDispatchDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PDPX_DEVICE_EXTENSION   ext = (PDPX_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION      irpSp = IoGetCurrentIrpStackLocation(Irp);
    KIRQL                   irql;
    NTSTATUS                status;

    if (irpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_DPX_QUERY_COUNTERS) {
        if (irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(DPX_COUNTERS)) {
            status = STATUS_BUFFER_TOO_SMALL;
            Irp->IoStatus.Information = 0;
        } else {
            KeAcquireSpinLock(&ext->CounterLock, &irql);
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &ext->Counters, sizeof(DPX_COUNTERS));
            KeReleaseSpinLock(&ext->CounterLock, irql);
            Irp->IoStatus.Information = sizeof(DPX_COUNTERS);
            status = STATUS_SUCCESS;
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    return DpxDispatchPassThrough(DeviceObject, Irp);
}

NTSTATUS
DpxDispatchPassThrough(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PDPX_DEVICE_EXTENSION ext = (PDPX_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->TargetDeviceObject, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
