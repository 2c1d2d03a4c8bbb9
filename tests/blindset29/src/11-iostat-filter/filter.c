// filter.c - DriverEntry, AddDevice, Unload and the I/O path of the iostat filter.

#include "filter.h"

IOSTAT_GLOBALS g_IoStat;

static IO_COMPLETION_ROUTINE IoStatReadWriteCompletion;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, IoStatAddDevice)
#pragma alloc_text(PAGE, IoStatUnload)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    ULONG i;

    RtlZeroMemory(&g_IoStat, sizeof(g_IoStat));
    g_IoStat.DefaultEnabled = 1;

    status = IoStatCopyRegistryPath(RegistryPath, &g_IoStat.RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = IoStatDispatchPass;
    }
    DriverObject->MajorFunction[IRP_MJ_PNP]   = IoStatDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = IoStatDispatchPower;
    DriverObject->MajorFunction[IRP_MJ_READ]  = IoStatDispatchReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = IoStatDispatchReadWrite;

    DriverObject->DriverExtension->AddDevice = IoStatAddDevice;
    DriverObject->DriverUnload = IoStatUnload;

    return STATUS_SUCCESS;
}

NTSTATUS
IoStatAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT filterDo = NULL;
    PIOSTAT_EXTENSION ext;
    ULONG deviceType = FILE_DEVICE_UNKNOWN;
    PDEVICE_OBJECT top;

    PAGED_CODE();

    // create the filter DO with the type of the device we sit on
    top = IoGetAttachedDeviceReference(PhysicalDeviceObject);
    deviceType = top->DeviceType;
    ObDereferenceObject(top);

    status = IoCreateDevice(DriverObject, sizeof(IOSTAT_EXTENSION), NULL, deviceType,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &filterDo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PIOSTAT_EXTENSION)filterDo->DeviceExtension;
    ext->Self = filterDo;
    ext->PhysicalDeviceObject = PhysicalDeviceObject;
    ext->Enabled = (IoStatQueryEnabled() != 0);
    IoInitializeRemoveLock(&ext->RemoveLock, IOSTAT_TAG, 0, 0);
    INITIALIZE_PNP_STATE(ext);

    ext->NextLowerDriver = IoAttachDeviceToDeviceStack(filterDo, PhysicalDeviceObject);
    if (ext->NextLowerDriver == NULL) {
        IoDeleteDevice(filterDo);
        return STATUS_UNSUCCESSFUL;
    }

    filterDo->Flags |= ext->NextLowerDriver->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    filterDo->DeviceType = ext->NextLowerDriver->DeviceType;
    filterDo->Characteristics = ext->NextLowerDriver->Characteristics;

    filterDo->Flags &= ~DO_DEVICE_INITIALIZING;

    IOSTAT_DBG(DPFLTR_INFO_LEVEL, "AddDevice: %p attached to %p (enabled=%u)",
               filterDo, ext->NextLowerDriver, ext->Enabled);
    return STATUS_SUCCESS;
}

VOID
IoStatUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DriverObject);

    //
    // PnP removed every filter DO (IRP_MN_REMOVE_DEVICE) before unloading us.
    //
    NT_ASSERT(DriverObject->DeviceObject == NULL);

    IoStatFreeRegistryPath(&g_IoStat.RegistryPath);
}

NTSTATUS
IoStatDispatchPass(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIOSTAT_EXTENSION ext = (PIOSTAT_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->NextLowerDriver, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
IoStatDispatchReadWrite(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIOSTAT_EXTENSION ext = (PIOSTAT_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    if (!ext->Enabled) {
        return IoStatDispatchPass(DeviceObject, Irp);
    }

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    // the completion routine releases the remove lock
    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, IoStatReadWriteCompletion, ext, TRUE, TRUE, TRUE);
    return IoCallDriver(ext->NextLowerDriver, Irp);
}

static NTSTATUS
IoStatReadWriteCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    PIOSTAT_EXTENSION ext = (PIOSTAT_EXTENSION)Context;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);

    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->PendingReturned) {
        IoMarkIrpPending(Irp);
    }

    if (NT_SUCCESS(Irp->IoStatus.Status)) {
        if (sp->MajorFunction == IRP_MJ_READ) {
            InterlockedIncrement64(&ext->Counters.Reads);
            InterlockedAdd64(&ext->Counters.BytesRead, (LONG64)Irp->IoStatus.Information);
        } else {
            InterlockedIncrement64(&ext->Counters.Writes);
            InterlockedAdd64(&ext->Counters.BytesWritten, (LONG64)Irp->IoStatus.Information);
        }
    } else {
        InterlockedIncrement64(&ext->Counters.Failures);
    }

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return STATUS_CONTINUE_COMPLETION;
}
