/*
 * pnp.c - AddDevice, PnP and power handling of DiskPerfX.
 */
#include "dpx.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, DpxAddDevice)
#pragma alloc_text(PAGE, DpxDispatchPnp)
#endif

NTSTATUS
DpxAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PDPX_DRIVER_EXTENSION   driverExtension = DpxGetDriverExtension(DriverObject);
    PDEVICE_OBJECT          filterDevice;
    PDPX_DEVICE_EXTENSION   ext;
    KIRQL                   irql;
    NTSTATUS                status;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject,
                            sizeof(DPX_DEVICE_EXTENSION),
                            NULL,
                            FILE_DEVICE_DISK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &filterDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PDPX_DEVICE_EXTENSION)filterDevice->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->DeviceObject = filterDevice;
    ext->PhysicalDeviceObject = PhysicalDeviceObject;
    KeInitializeSpinLock(&ext->CounterLock);
    IoInitializeRemoveLock(&ext->RemoveLock, DPX_TAG, 0, 0);

    ext->TargetDeviceObject = IoAttachDeviceToDeviceStack(filterDevice, PhysicalDeviceObject);
    if (ext->TargetDeviceObject == NULL) {
        IoDeleteDevice(filterDevice);
        return STATUS_NO_SUCH_DEVICE;
    }

    filterDevice->Flags |= ext->TargetDeviceObject->Flags &
                           (DO_DIRECT_IO | DO_BUFFERED_IO | DO_POWER_PAGABLE);
    filterDevice->DeviceType = ext->TargetDeviceObject->DeviceType;
    filterDevice->Characteristics = ext->TargetDeviceObject->Characteristics;

    KeAcquireSpinLock(&driverExtension->DeviceListLock, &irql);
    InsertTailList(&driverExtension->DeviceList, &ext->Link);
    ext->DiskNumber = driverExtension->DeviceCount++;
    KeReleaseSpinLock(&driverExtension->DeviceListLock, irql);

    filterDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

static VOID
DpxRemoveDevice(_In_ PDEVICE_OBJECT DeviceObject)
{
    PDPX_DEVICE_EXTENSION   ext = (PDPX_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PDPX_DRIVER_EXTENSION   driverExtension = DpxGetDriverExtension(DeviceObject->DriverObject);
    KIRQL                   irql;

    KeAcquireSpinLock(&driverExtension->DeviceListLock, &irql);
    RemoveEntryList(&ext->Link);
    driverExtension->DeviceCount--;
    KeReleaseSpinLock(&driverExtension->DeviceListLock, irql);

    IoDetachDevice(ext->TargetDeviceObject);
    IoDeleteDevice(DeviceObject);
}

NTSTATUS
DpxDispatchPnp(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PDPX_DEVICE_EXTENSION   ext = (PDPX_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION      irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS                status;

    PAGED_CODE();

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (irpSp->MinorFunction) {
    case IRP_MN_REMOVE_DEVICE:
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->TargetDeviceObject, Irp);
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);
        DpxRemoveDevice(DeviceObject);
        return status;

    case IRP_MN_DEVICE_USAGE_NOTIFICATION:
        if (DeviceObject->AttachedDevice == NULL ||
            (DeviceObject->AttachedDevice->Flags & DO_POWER_PAGABLE)) {
            DeviceObject->Flags |= DO_POWER_PAGABLE;
        }
        break;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->TargetDeviceObject, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
DpxDispatchPower(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PDPX_DEVICE_EXTENSION ext = (PDPX_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
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
    status = PoCallDriver(ext->TargetDeviceObject, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
