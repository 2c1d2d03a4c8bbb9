/*
 * volfilt.c - a pass-through volume upper filter that optionally measures
 * read/write latency. Everything it does not care about goes straight down.
 */
#include "volfilt.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VfAddDevice)
#pragma alloc_text(PAGE, VfUnload)
#endif

static const ULONG g_ExtId = VF_TAG;

#if VF_ENABLE_STATS
static NPAGED_LOOKASIDE_LIST g_SampleList;
#endif

/* ------------------------------------------------------------------------ */

NTSTATUS VfPassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVF_DEVICE_EXT dx = (PVF_DEVICE_EXT)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&dx->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(dx->Lower, Irp);
    IoReleaseRemoveLock(&dx->RemoveLock, Irp);
    return status;
}

#if VF_ENABLE_STATS
static NTSTATUS VfReadWriteComplete(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context)
{
    PVF_IO_SAMPLE sample = (PVF_IO_SAMPLE)Context;
    PVF_DEVICE_EXT dx = sample->Owner;
    LARGE_INTEGER now;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    now = KeQueryPerformanceCounter(NULL);
    InterlockedAdd64(&dx->TotalLatencyTicks, now.QuadPart - sample->Start.QuadPart);
    if (sample->Major == IRP_MJ_READ) {
        InterlockedIncrement64(&dx->Reads);
    } else {
        InterlockedIncrement64(&dx->Writes);
    }
    VF_TRACE(("volfilt: %s %lu bytes -> %08x\n",
              sample->Major == IRP_MJ_READ ? "read" : "write", sample->Length, Irp->IoStatus.Status));

    ExFreeToNPagedLookasideList(&g_SampleList, sample);
    IoReleaseRemoveLock(&dx->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}

NTSTATUS VfDispatchReadWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVF_DEVICE_EXT dx = (PVF_DEVICE_EXT)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PVF_IO_SAMPLE sample;
    NTSTATUS status;

    sample = (PVF_IO_SAMPLE)ExAllocateFromNPagedLookasideList(&g_SampleList);
    if (sample == NULL) {
        /* no sample, no problem: just pass it on */
        return VfPassThrough(DeviceObject, Irp);
    }

    status = IoAcquireRemoveLock(&dx->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        ExFreeToNPagedLookasideList(&g_SampleList, sample);
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    sample->Owner = dx;
    sample->Major = sp->MajorFunction;
    sample->Length = sp->MajorFunction == IRP_MJ_READ ? sp->Parameters.Read.Length
                                                       : sp->Parameters.Write.Length;
    sample->Start = KeQueryPerformanceCounter(NULL);

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, VfReadWriteComplete, sample, TRUE, TRUE, TRUE);
    return IoCallDriver(dx->Lower, Irp);
}
#endif /* VF_ENABLE_STATS */

/* ------------------------------------------------------------------------ */

NTSTATUS VfDispatchPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVF_DEVICE_EXT dx = (PVF_DEVICE_EXT)DeviceObject->DeviceExtension;
    NTSTATUS status;

    PoStartNextPowerIrp(Irp);
    status = IoAcquireRemoveLock(&dx->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(dx->Lower, Irp);
    IoReleaseRemoveLock(&dx->RemoveLock, Irp);
    return status;
}

NTSTATUS VfDispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PVF_DEVICE_EXT dx = (PVF_DEVICE_EXT)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    PVF_DRIVER_EXT drv;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&dx->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (sp->MinorFunction) {
    case IRP_MN_REMOVE_DEVICE:
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(dx->Lower, Irp);
        IoReleaseRemoveLockAndWait(&dx->RemoveLock, Irp);
        IoDetachDevice(dx->Lower);
        drv = (PVF_DRIVER_EXT)IoGetDriverObjectExtension(DeviceObject->DriverObject, (PVOID)&g_ExtId);
        InterlockedDecrement(&drv->Devices);
        IoDeleteDevice(DeviceObject);
        return status;

    case IRP_MN_DEVICE_USAGE_NOTIFICATION:
        /* keep DO_POWER_PAGABLE honest while a paging file lives here */
        if (sp->Parameters.UsageNotification.Type == DeviceUsageTypePaging) {
            if (sp->Parameters.UsageNotification.InPath) {
                dx->PagingPathCount++;
                DeviceObject->Flags &= ~DO_POWER_PAGABLE;
            } else if (dx->PagingPathCount > 0 && --dx->PagingPathCount == 0) {
                DeviceObject->Flags |= (dx->Lower->Flags & DO_POWER_PAGABLE);
            }
        }
        break;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(dx->Lower, Irp);
    IoReleaseRemoveLock(&dx->RemoveLock, Irp);
    return status;
}

/* ------------------------------------------------------------------------ */

NTSTATUS VfAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT Pdo)
{
    PDEVICE_OBJECT fido;
    PVF_DEVICE_EXT dx;
    PVF_DRIVER_EXT drv;
    NTSTATUS status;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(VF_DEVICE_EXT), NULL,
                            FILE_DEVICE_DISK, FILE_DEVICE_SECURE_OPEN, FALSE, &fido);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    dx = (PVF_DEVICE_EXT)fido->DeviceExtension;
    RtlZeroMemory(dx, sizeof(*dx));
    dx->Self = fido;
    dx->Pdo = Pdo;
    IoInitializeRemoveLock(&dx->RemoveLock, VF_TAG, 0, 0);

    dx->Lower = IoAttachDeviceToDeviceStack(fido, Pdo);
    if (dx->Lower == NULL) {
        IoDeleteDevice(fido);
        return STATUS_NO_SUCH_DEVICE;
    }

    fido->Flags |= dx->Lower->Flags & (DO_DIRECT_IO | DO_BUFFERED_IO | DO_POWER_PAGABLE);
    fido->DeviceType = dx->Lower->DeviceType;
    fido->Characteristics = dx->Lower->Characteristics;
    fido->Flags &= ~DO_DEVICE_INITIALIZING;

    drv = (PVF_DRIVER_EXT)IoGetDriverObjectExtension(DriverObject, (PVOID)&g_ExtId);
    InterlockedIncrement(&drv->Devices);
    VF_TRACE(("volfilt: attached %p over %p\n", fido, dx->Lower));
    return STATUS_SUCCESS;
}

VOID VfUnload(PDRIVER_OBJECT DriverObject)
{
    PVF_DRIVER_EXT drv;

    PAGED_CODE();

    drv = (PVF_DRIVER_EXT)IoGetDriverObjectExtension(DriverObject, (PVOID)&g_ExtId);
    if (drv != NULL && drv->RegistryPath.Buffer != NULL) {
        ExFreePoolWithTag(drv->RegistryPath.Buffer, VF_TAG);
        drv->RegistryPath.Buffer = NULL;
    }
#if VF_ENABLE_STATS
    ExDeleteNPagedLookasideList(&g_SampleList);
#endif
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    PVF_DRIVER_EXT drv;
    NTSTATUS status;
    ULONG i;

#if VF_ENABLE_STATS
    ExInitializeNPagedLookasideList(&g_SampleList, NULL, NULL, POOL_NX_ALLOCATION,
                                    sizeof(VF_IO_SAMPLE), VF_TAG, 0);
#endif

    status = IoAllocateDriverObjectExtension(DriverObject, (PVOID)&g_ExtId,
                                             sizeof(VF_DRIVER_EXT), (PVOID *)&drv);
    if (!NT_SUCCESS(status)) {
        VF_TRACE(("volfilt: IoAllocateDriverObjectExtension %08x\n", status));
        return status;
    }
    RtlZeroMemory(drv, sizeof(*drv));

    drv->RegistryPath.MaximumLength = RegistryPath->Length + sizeof(UNICODE_NULL);
    drv->RegistryPath.Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool,
                                                           drv->RegistryPath.MaximumLength, VF_TAG);
    if (drv->RegistryPath.Buffer == NULL) {
#if VF_ENABLE_STATS
        ExDeleteNPagedLookasideList(&g_SampleList);
#endif
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    RtlCopyUnicodeString(&drv->RegistryPath, RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = VfPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_PNP] = VfDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = VfDispatchPower;
#if VF_ENABLE_STATS
    DriverObject->MajorFunction[IRP_MJ_READ] = VfDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = VfDispatchReadWrite;
#endif

    DriverObject->DriverExtension->AddDevice = VfAddDevice;
    DriverObject->DriverUnload = VfUnload;

    return STATUS_SUCCESS;
}
