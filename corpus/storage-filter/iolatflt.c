/*
 * iolatflt.c - disk upper filter that keeps a latency histogram of read and
 * write requests per disk, for the capacity-planning agent. Installed as an
 * UpperFilters entry of the disk class.
 *
 * Everything not handled here is passed through unchanged.
 */

#include <ntddk.h>
#include <ntdddisk.h>
#include <ntddstor.h>

#define IOLAT_TAG       'tLoI'
#define IOLAT_BUCKETS   16

typedef struct _IOLAT_DRIVER_EXTENSION {
    UNICODE_STRING RegistryPath;
    LARGE_INTEGER  Frequency;
} IOLAT_DRIVER_EXTENSION, *PIOLAT_DRIVER_EXTENSION;

typedef struct _IOLAT_DEVICE_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;
    IO_REMOVE_LOCK RemoveLock;
    volatile LONG  Histogram[IOLAT_BUCKETS];
} IOLAT_DEVICE_EXTENSION, *PIOLAT_DEVICE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE IoLatAddDevice;
DRIVER_UNLOAD IoLatUnload;
DRIVER_DISPATCH IoLatSendToNext;
IO_COMPLETION_ROUTINE IoLatIoCompletion;

_Dispatch_type_(IRP_MJ_READ)
_Dispatch_type_(IRP_MJ_WRITE)
DRIVER_DISPATCH IoLatReadWrite;

_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH IoLatPnp;

_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH IoLatPower;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, IoLatAddDevice)
#pragma alloc_text(PAGE, IoLatUnload)
#endif

NTSTATUS
DriverEntry(                                        // expect-entry: storage-filter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PIOLAT_DRIVER_EXTENSION driverExt;
    NTSTATUS status;
    ULONG i;

    /* Keep the service key around for per-disk settings. */
    status = IoAllocateDriverObjectExtension(DriverObject, (PVOID)IoLatAddDevice,
                                             sizeof(IOLAT_DRIVER_EXTENSION), (PVOID *)&driverExt);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    driverExt->RegistryPath.MaximumLength = RegistryPath->Length + sizeof(UNICODE_NULL);
    driverExt->RegistryPath.Length = 0;
    driverExt->RegistryPath.Buffer = (PWCH)ExAllocatePoolWithTag(
        PagedPool, driverExt->RegistryPath.MaximumLength, IOLAT_TAG);
    if (driverExt->RegistryPath.Buffer == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&driverExt->RegistryPath, RegistryPath);
    KeQueryPerformanceCounter(&driverExt->Frequency);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = IoLatSendToNext;
    }
    DriverObject->MajorFunction[IRP_MJ_READ]  = IoLatReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = IoLatReadWrite;
    DriverObject->MajorFunction[IRP_MJ_PNP]   = IoLatPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = IoLatPower;

    DriverObject->DriverExtension->AddDevice = IoLatAddDevice;
    DriverObject->DriverUnload = IoLatUnload;

    return STATUS_SUCCESS;
}

NTSTATUS
IoLatAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PDEVICE_OBJECT filter;
    PIOLAT_DEVICE_EXTENSION ext;
    NTSTATUS status;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(IOLAT_DEVICE_EXTENSION), NULL,
                            FILE_DEVICE_DISK, FILE_DEVICE_SECURE_OPEN, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PIOLAT_DEVICE_EXTENSION)filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = filter;
    IoInitializeRemoveLock(&ext->RemoveLock, IOLAT_TAG, 0, 0);

    ext->Lower = IoAttachDeviceToDeviceStack(filter, PhysicalDeviceObject);
    if (ext->Lower == NULL) {
        IoDeleteDevice(filter);
        return STATUS_NO_SUCH_DEVICE;
    }

    filter->Flags |= DO_DIRECT_IO | (ext->Lower->Flags & DO_POWER_PAGABLE);
    filter->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
IoLatUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PIOLAT_DRIVER_EXTENSION driverExt;

    PAGED_CODE();

    driverExt = (PIOLAT_DRIVER_EXTENSION)IoGetDriverObjectExtension(DriverObject, (PVOID)IoLatAddDevice);
    if (driverExt != NULL && driverExt->RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(driverExt->RegistryPath.Buffer, IOLAT_TAG);
    }
}

NTSTATUS
IoLatSendToNext(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIOLAT_DEVICE_EXTENSION ext = (PIOLAT_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
IoLatIoCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PIOLAT_DEVICE_EXTENSION ext = (PIOLAT_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    LONGLONG start = (LONGLONG)(ULONG_PTR)Context;
    LONGLONG ticks = KeQueryPerformanceCounter(NULL).QuadPart - start;
    ULONG bucket = 0;

    while (ticks > 1 && bucket < IOLAT_BUCKETS - 1) {
        ticks >>= 2;
        bucket++;
    }
    InterlockedIncrement(&ext->Histogram[bucket]);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS
IoLatReadWrite(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIOLAT_DEVICE_EXTENSION ext = (PIOLAT_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, IoLatIoCompletion,
                           (PVOID)(ULONG_PTR)KeQueryPerformanceCounter(NULL).QuadPart,
                           TRUE, TRUE, TRUE);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
IoLatPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIOLAT_DEVICE_EXTENSION ext = (PIOLAT_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    if (irpSp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->Lower, Irp);
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);
        IoDetachDevice(ext->Lower);
        IoDeleteDevice(DeviceObject);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
IoLatPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIOLAT_DEVICE_EXTENSION ext = (PIOLAT_DEVICE_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}
