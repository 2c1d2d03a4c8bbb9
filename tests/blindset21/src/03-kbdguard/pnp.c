/*++
Module Name:
    pnp.c

Abstract:
    AddDevice, PnP and power handling for the kbguard filter device.
--*/
#include "kbguard.h"

static IO_COMPLETION_ROUTINE KgStartCompletion;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, KgAddDevice)
#pragma alloc_text(PAGE, KgDispatchPnp)
#endif

_Use_decl_annotations_
NTSTATUS
KgAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS             status;
    PDEVICE_OBJECT       filterDevice = NULL;
    PKG_DEVICE_EXTENSION ext;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject,
                            sizeof(KG_DEVICE_EXTENSION),
                            NULL,
                            FILE_DEVICE_KEYBOARD,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &filterDevice);
    RETURN_IF_NT_FAILED(status);

    ext = (PKG_DEVICE_EXTENSION)filterDevice->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));

    ext->Self = filterDevice;
    ext->Pdo = PhysicalDeviceObject;
    ext->PnpState = KgStopped;
    IoInitializeRemoveLock(&ext->RemoveLock, KG_POOL_TAG, KG_REMOVE_LOCK_MIN, KG_REMOVE_LOCK_HWM);

    ext->LowerDevice = IoAttachDeviceToDeviceStack(filterDevice, PhysicalDeviceObject);
    if (ext->LowerDevice == NULL) {
        IoDeleteDevice(filterDevice);
        return STATUS_NO_SUCH_DEVICE;
    }

    filterDevice->Flags |= ext->LowerDevice->Flags &
                           (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    filterDevice->DeviceType = ext->LowerDevice->DeviceType;
    filterDevice->Characteristics = ext->LowerDevice->Characteristics;

    ExAcquireFastMutex(&g_Kg.DeviceListLock);
    InsertTailList(&g_Kg.DeviceList, &ext->Link);
    g_Kg.DeviceCount++;
    ExReleaseFastMutex(&g_Kg.DeviceListLock);

    filterDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    KgTrace("attached %p above %p", filterDevice, ext->LowerDevice);
    return STATUS_SUCCESS;
}

static
_Use_decl_annotations_
NTSTATUS
KgStartCompletion(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp,
    PVOID          Context
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Irp);

    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
}

static
VOID
KgRemoveFromList(
    _In_ PKG_DEVICE_EXTENSION Ext
    )
{
    ExAcquireFastMutex(&g_Kg.DeviceListLock);
    RemoveEntryList(&Ext->Link);
    InitializeListHead(&Ext->Link);
    g_Kg.DeviceCount--;
    ExReleaseFastMutex(&g_Kg.DeviceListLock);
}

_Use_decl_annotations_
NTSTATUS
KgDispatchPnp(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PKG_DEVICE_EXTENSION ext = (PKG_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION   stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS             status;
    KEVENT               event;

    PAGED_CODE();

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
        KeInitializeEvent(&event, NotificationEvent, FALSE);
        IoCopyCurrentIrpStackLocationToNext(Irp);
        IoSetCompletionRoutine(Irp, KgStartCompletion, &event, TRUE, TRUE, TRUE);

        status = IoCallDriver(ext->LowerDevice, Irp);
        if (status == STATUS_PENDING) {
            KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
            status = Irp->IoStatus.Status;
        }

        if (NT_SUCCESS(status)) {
            ext->PnpState = KgStarted;
            if (ext->LowerDevice->Characteristics & FILE_REMOVABLE_MEDIA) {
                DeviceObject->Characteristics |= FILE_REMOVABLE_MEDIA;
            }
        }

        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;

    case IRP_MN_SURPRISE_REMOVAL:
        ext->PnpState = KgSurpriseRemoved;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        ext->PnpState = KgDeleted;
        Irp->IoStatus.Status = STATUS_SUCCESS;

        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->LowerDevice, Irp);

        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);

        KgRemoveFromList(ext);
        IoDetachDevice(ext->LowerDevice);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

_Use_decl_annotations_
NTSTATUS
KgDispatchPower(
    PDEVICE_OBJECT DeviceObject,
    PIRP           Irp
    )
{
    PKG_DEVICE_EXTENSION ext = (PKG_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS             status;

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
