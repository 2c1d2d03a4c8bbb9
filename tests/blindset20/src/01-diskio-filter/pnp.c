/*++

Copyright (c) Contoso Storage Systems.  All rights reserved.

Module Name:

    pnp.c

Abstract:

    AddDevice, PnP and power handling for the disk I/O statistics filter.

Environment:

    Kernel mode only.

--*/

#include "diskiof.h"

static
VOID
DifInsertDevice(
    _In_ PDIF_DEVICE_EXTENSION Extension
    );

static
VOID
DifRemoveDevice(
    _In_ PDIF_DEVICE_EXTENSION Extension
    );

static
NTSTATUS
DifHandleUsageNotification(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    );

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, DifAddDevice)
#pragma alloc_text(PAGE, DifDispatchPnp)
#pragma alloc_text(PAGE, DifHandleUsageNotification)
#endif


static
VOID
DifInsertDevice(
    _In_ PDIF_DEVICE_EXTENSION Extension
    )
{
    KIRQL oldIrql;

    KeAcquireSpinLock(&g_DifGlobals.DeviceListLock, &oldIrql);
    InsertTailList(&g_DifGlobals.DeviceList, &Extension->ListEntry);
    KeReleaseSpinLock(&g_DifGlobals.DeviceListLock, oldIrql);

    InterlockedIncrement(&g_DifGlobals.DeviceCount);
}


static
VOID
DifRemoveDevice(
    _In_ PDIF_DEVICE_EXTENSION Extension
    )
{
    KIRQL oldIrql;

    KeAcquireSpinLock(&g_DifGlobals.DeviceListLock, &oldIrql);
    RemoveEntryList(&Extension->ListEntry);
    InitializeListHead(&Extension->ListEntry);
    KeReleaseSpinLock(&g_DifGlobals.DeviceListLock, oldIrql);

    InterlockedDecrement(&g_DifGlobals.DeviceCount);
}


_Use_decl_annotations_
NTSTATUS
DifAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT PhysicalDeviceObject
    )
/*++

Routine Description:

    Creates an unnamed filter device object and attaches it on top of
    the disk stack.

--*/
{
    NTSTATUS status;
    PDEVICE_OBJECT filterDevice = NULL;
    PDIF_DEVICE_EXTENSION extension;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject,
                            sizeof(DIF_DEVICE_EXTENSION),
                            NULL,
                            FILE_DEVICE_DISK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &filterDevice);
    if (!NT_SUCCESS(status)) {
        DIF_TRACE(DIF_LEVEL_ERROR, "IoCreateDevice failed 0x%08X", status);
        return status;
    }

    extension = (PDIF_DEVICE_EXTENSION)filterDevice->DeviceExtension;
    RtlZeroMemory(extension, sizeof(*extension));

    extension->Signature = DIF_EXTENSION_SIGNATURE;
    extension->Self = filterDevice;
    extension->PhysicalDeviceObject = PhysicalDeviceObject;
    extension->State = DifStateStopped;
    InitializeListHead(&extension->ListEntry);
    KeInitializeEvent(&extension->PagingPathCountEvent, NotificationEvent, TRUE);

    IoInitializeRemoveLock(&extension->RemoveLock, DIF_TAG_GENERIC, 0, 0);

    status = IoAttachDeviceToDeviceStackSafe(filterDevice,
                                             PhysicalDeviceObject,
                                             &extension->LowerDeviceObject);
    if (!NT_SUCCESS(status) || extension->LowerDeviceObject == NULL) {
        DIF_TRACE(DIF_LEVEL_ERROR, "attach failed 0x%08X", status);
        IoDeleteDevice(filterDevice);
        return NT_SUCCESS(status) ? STATUS_NO_SUCH_DEVICE : status;
    }

    //
    // Mirror the I/O method and power-pagability of the device below.
    //
    filterDevice->Flags |= extension->LowerDeviceObject->Flags &
                           (DO_DIRECT_IO | DO_BUFFERED_IO | DO_POWER_PAGABLE);
    filterDevice->DeviceType = extension->LowerDeviceObject->DeviceType;
    filterDevice->Characteristics = extension->LowerDeviceObject->Characteristics;
    filterDevice->AlignmentRequirement = extension->LowerDeviceObject->AlignmentRequirement;

    DifInsertDevice(extension);

    filterDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    DIF_TRACE(DIF_LEVEL_INFO, "attached %p above %p", filterDevice, extension->LowerDeviceObject);

    return STATUS_SUCCESS;
}


static
NTSTATUS
DifHandleUsageNotification(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
/*++

Routine Description:

    Keeps DO_POWER_PAGABLE consistent with the paging-path count, the
    way the in-box disk filters do.  Called with the remove lock held;
    completes the IRP.

--*/
{
    PDIF_DEVICE_EXTENSION extension = (PDIF_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;
    BOOLEAN setPagable = FALSE;
    BOOLEAN inPath = irpSp->Parameters.UsageNotification.InPath;

    PAGED_CODE();

    if (irpSp->Parameters.UsageNotification.Type != DeviceUsageTypePaging) {
        status = IoForwardIrpSynchronously(extension->LowerDeviceObject, Irp)
                     ? Irp->IoStatus.Status
                     : STATUS_UNSUCCESSFUL;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    (VOID)KeWaitForSingleObject(&extension->PagingPathCountEvent,
                                Executive,
                                KernelMode,
                                FALSE,
                                NULL);

    //
    // Leaving the last paging path: become pagable again before the
    // request goes down, and undo it if the lower driver refuses.
    //
    if (!inPath && extension->PagingPathCount == 1) {
        if ((DeviceObject->Flags & DO_POWER_INRUSH) == 0) {
            DeviceObject->Flags |= DO_POWER_PAGABLE;
            setPagable = TRUE;
        }
    }

    status = IoForwardIrpSynchronously(extension->LowerDeviceObject, Irp)
                 ? Irp->IoStatus.Status
                 : STATUS_UNSUCCESSFUL;

    if (NT_SUCCESS(status)) {

        IoAdjustPagingPathCount(&extension->PagingPathCount, inPath);

        if (inPath && extension->PagingPathCount == 1) {
            DeviceObject->Flags &= ~DO_POWER_PAGABLE;
        }

    } else if (setPagable) {
        DeviceObject->Flags &= ~DO_POWER_PAGABLE;
    }

    KeSetEvent(&extension->PagingPathCountEvent, IO_NO_INCREMENT, FALSE);

    Irp->IoStatus.Status = status;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}


_Use_decl_annotations_
NTSTATUS
DifDispatchPnp(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PDIF_DEVICE_EXTENSION extension = (PDIF_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    PAGED_CODE();

    status = IoAcquireRemoveLock(&extension->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (irpSp->MinorFunction) {

    case IRP_MN_START_DEVICE:

        //
        // The lower stack must start first.
        //
        if (IoForwardIrpSynchronously(extension->LowerDeviceObject, Irp)) {
            status = Irp->IoStatus.Status;
        } else {
            status = STATUS_UNSUCCESSFUL;
        }

        if (NT_SUCCESS(status)) {
            //
            // Removable-media property can only be trusted after start.
            //
            if (extension->LowerDeviceObject->Characteristics & FILE_REMOVABLE_MEDIA) {
                DeviceObject->Characteristics |= FILE_REMOVABLE_MEDIA;
            }
            extension->State = DifStateStarted;
        }

        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&extension->RemoveLock, Irp);
        return status;

    case IRP_MN_REMOVE_DEVICE:

        extension->State = DifStateRemoved;

        //
        // Wait for in-flight I/O (each holds the remove lock) to drain.
        //
        IoReleaseRemoveLockAndWait(&extension->RemoveLock, Irp);

        DifRemoveDevice(extension);

        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(extension->LowerDeviceObject, Irp);

        IoDetachDevice(extension->LowerDeviceObject);
        IoDeleteDevice(DeviceObject);
        return status;

    case IRP_MN_DEVICE_USAGE_NOTIFICATION:

        status = DifHandleUsageNotification(DeviceObject, Irp);
        IoReleaseRemoveLock(&extension->RemoveLock, Irp);
        return status;

    case IRP_MN_SURPRISE_REMOVAL:
    case IRP_MN_STOP_DEVICE:

        extension->State = DifStateStopped;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(extension->LowerDeviceObject, Irp);
    IoReleaseRemoveLock(&extension->RemoveLock, Irp);

    return status;
}


_Use_decl_annotations_
NTSTATUS
DifDispatchPower(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
/*++

Routine Description:

    The filter has no power policy of its own; power IRPs go straight
    down under the remove lock.

--*/
{
    PDIF_DEVICE_EXTENSION extension = (PDIF_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    status = IoAcquireRemoveLock(&extension->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
#if (NTDDI_VERSION < NTDDI_VISTA)
        PoStartNextPowerIrp(Irp);
#endif
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

#if (NTDDI_VERSION < NTDDI_VISTA)
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(extension->LowerDeviceObject, Irp);
#else
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(extension->LowerDeviceObject, Irp);
#endif

    IoReleaseRemoveLock(&extension->RemoveLock, Irp);
    return status;
}
