/*++

Module Name:

    pnp.c

Abstract:

    AddDevice, PnP and power handling of the volume statistics filter.

--*/
#include "volstat.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, VolStatAddDevice)
#pragma alloc_text(PAGE, VolStatDispatchPnp)
#pragma alloc_text(PAGE, VolStatQueryDeviceParameters)
#endif

NTSTATUS
VolStatQueryDeviceParameters(
    _In_ PVOLSTAT_DRIVER_EXTENSION DriverExtension,
    _Inout_ PDEVICE_EXTENSION DeviceExtension
    )
{
    RTL_QUERY_REGISTRY_TABLE table[3];
    ULONG sampleMs = DriverExtension->DefaultSampleMs;
    ULONG countPaging = DriverExtension->CountPaging;
    NTSTATUS status;

    PAGED_CODE();

    RtlZeroMemory(table, sizeof(table));

    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"SampleMs";
    table[0].EntryContext = &sampleMs;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &sampleMs;
    table[0].DefaultLength = sizeof(ULONG);

    table[1].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name = L"CountPaging";
    table[1].EntryContext = &countPaging;
    table[1].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[1].DefaultData = &countPaging;
    table[1].DefaultLength = sizeof(ULONG);

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    DriverExtension->RegistryPath.Buffer,
                                    table,
                                    NULL,
                                    NULL);
    if (NT_SUCCESS(status)) {
        DeviceExtension->SampleMs = sampleMs;
    }
    return status;
}

NTSTATUS
VolStatAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PVOLSTAT_DRIVER_EXTENSION driverExtension;
    PDEVICE_OBJECT filterDevice;
    PDEVICE_EXTENSION ext;
    NTSTATUS status;

    PAGED_CODE();

    driverExtension = (PVOLSTAT_DRIVER_EXTENSION)IoGetDriverObjectExtension(DriverObject, (PVOID)DriverEntry);

    status = IoCreateDevice(DriverObject,
                            sizeof(DEVICE_EXTENSION),
                            NULL,
                            FILE_DEVICE_DISK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &filterDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PDEVICE_EXTENSION)filterDevice->DeviceExtension;
    RtlZeroMemory(ext, sizeof(DEVICE_EXTENSION));
    ext->DeviceObject = filterDevice;
    ext->PhysicalDeviceObject = PhysicalDeviceObject;
    ext->SampleMs = driverExtension->DefaultSampleMs;
    IoInitializeRemoveLock(&ext->RemoveLock, VOLSTAT_TAG, 0, 0);

    (VOID)VolStatQueryDeviceParameters(driverExtension, ext);

    ext->TargetDeviceObject = IoAttachDeviceToDeviceStack(filterDevice, PhysicalDeviceObject);
    if (ext->TargetDeviceObject == NULL) {
        IoDeleteDevice(filterDevice);
        return STATUS_NO_SUCH_DEVICE;
    }

    filterDevice->Flags |= ext->TargetDeviceObject->Flags & (DO_DIRECT_IO | DO_BUFFERED_IO);
    filterDevice->Flags |= DO_POWER_PAGABLE;
    filterDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS
VolStatDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    PAGED_CODE();

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (sl->MinorFunction) {
    case IRP_MN_START_DEVICE:
        if (IoForwardIrpSynchronously(ext->TargetDeviceObject, Irp)) {
            status = Irp->IoStatus.Status;
            if (NT_SUCCESS(status)) {
                ext->Started = TRUE;
            }
        } else {
            status = STATUS_UNSUCCESSFUL;
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;

    case IRP_MN_REMOVE_DEVICE:
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->TargetDeviceObject, Irp);
        IoDetachDevice(ext->TargetDeviceObject);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->TargetDeviceObject, Irp);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;
    }
}

NTSTATUS
VolStatDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->TargetDeviceObject, Irp);
}
