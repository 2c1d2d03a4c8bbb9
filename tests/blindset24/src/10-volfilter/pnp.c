/*++

Module Name:

    pnp.c

Abstract:

    AddDevice, PnP and power handling for the volume traffic filter.

Environment:

    Kernel mode only.

--*/

#include "volflt.h"

static IO_COMPLETION_ROUTINE VfSyncCompletion;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, VfAddDevice)
#pragma alloc_text(PAGE, VfDispatchPnp)
#endif

static NTSTATUS
VfSyncCompletion(
    _In_ PDEVICE_OBJECT DeviceObject,
    _In_ PIRP Irp,
    _In_reads_opt_(_Inexpressible_("varies")) PVOID Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    if (Irp->PendingReturned) {
        KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    }

    return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS
VfForwardAndWait(
    _In_ PVF_FILTER_EXTENSION Ext,
    _In_ PIRP Irp
    )
{
    KEVENT event;
    NTSTATUS status;

    KeInitializeEvent(&event, NotificationEvent, FALSE);

    IoCopyCurrentIrpStackLocationToNext(Irp);
    IoSetCompletionRoutine(Irp, VfSyncCompletion, &event, TRUE, TRUE, TRUE);

    status = IoCallDriver(Ext->LowerDevice, Irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        status = Irp->IoStatus.Status;
    }

    return status;
}

static VOID
VfQueryVolumeNumber(
    _Inout_ PVF_FILTER_EXTENSION Ext
    )
{
    KEVENT event;
    IO_STATUS_BLOCK iosb;
    VOLUME_NUMBER number;
    PIRP irp;
    NTSTATUS status;

    KeInitializeEvent(&event, NotificationEvent, FALSE);
    RtlZeroMemory(&number, sizeof(number));

    irp = IoBuildDeviceIoControlRequest(IOCTL_VOLUME_QUERY_VOLUME_NUMBER,
                                        Ext->LowerDevice, NULL, 0,
                                        &number, sizeof(number),
                                        FALSE, &event, &iosb);
    if (irp == NULL) {
        return;
    }

    status = IoCallDriver(Ext->LowerDevice, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        status = iosb.Status;
    }

    if (NT_SUCCESS(status)) {
        Ext->VolumeNumber = number.VolumeNumber;
    }
}

NTSTATUS
VfAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT filter = NULL;
    PVF_FILTER_EXTENSION ext;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(VF_FILTER_EXTENSION), NULL,
                            FILE_DEVICE_DISK, FILE_DEVICE_SECURE_OPEN, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        VF_TRACE(0, "IoCreateDevice failed 0x%08X", status);
        return status;
    }

    ext = (PVF_FILTER_EXTENSION)filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = filter;
    ext->PhysicalDevice = PhysicalDeviceObject;
    ext->VolumeNumber = MAXULONG;
    IoInitializeRemoveLock(&ext->RemoveLock, VF_TAG_GLOBAL, 0, 0);

    status = IoAttachDeviceToDeviceStackSafe(filter, PhysicalDeviceObject, &ext->LowerDevice);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(filter);
        return status;
    }

    filter->Flags |= ext->LowerDevice->Flags & (DO_DIRECT_IO | DO_BUFFERED_IO);
    filter->Flags |= DO_POWER_PAGABLE;
    filter->DeviceType = ext->LowerDevice->DeviceType;
    filter->Characteristics = ext->LowerDevice->Characteristics;

    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&VfGlobals.FilterListLock, TRUE);
    InsertTailList(&VfGlobals.FilterList, &ext->GlobalLink);
    VfGlobals.FilterCount++;
    ExReleaseResourceLite(&VfGlobals.FilterListLock);
    KeLeaveCriticalRegion();

    ClearFlag(filter->Flags, DO_DEVICE_INITIALIZING);

    return STATUS_SUCCESS;
}

static VOID
VfRemoveFromGlobalList(
    _In_ PVF_FILTER_EXTENSION Ext
    )
{
    KeEnterCriticalRegion();
    ExAcquireResourceExclusiveLite(&VfGlobals.FilterListLock, TRUE);
    RemoveEntryList(&Ext->GlobalLink);
    VfGlobals.FilterCount--;
    ExReleaseResourceLite(&VfGlobals.FilterListLock);
    KeLeaveCriticalRegion();
}

NTSTATUS
VfDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVF_FILTER_EXTENSION ext = (PVF_FILTER_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    PAGED_CODE();

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (sp->MinorFunction) {

    case IRP_MN_START_DEVICE:
        status = VfForwardAndWait(ext, Irp);
        if (NT_SUCCESS(status)) {
            if (ext->LowerDevice->Characteristics & FILE_REMOVABLE_MEDIA) {
                DeviceObject->Characteristics |= FILE_REMOVABLE_MEDIA;
            }
            VfQueryVolumeNumber(ext);
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;

    case IRP_MN_REMOVE_DEVICE:
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);
        VfRemoveFromGlobalList(ext);

        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->LowerDevice, Irp);

        IoDetachDevice(ext->LowerDevice);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->LowerDevice, Irp);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;
    }
}

NTSTATUS
VfDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVF_FILTER_EXTENSION ext = (PVF_FILTER_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        PoStartNextPowerIrp(Irp);
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);

    return status;
}
