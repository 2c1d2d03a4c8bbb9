/*++

Copyright (c) 2019-2023  Halvorsen Storage AS

Module Name:

    volstat.c

Abstract:

    DriverEntry and the I/O path of the volume statistics filter.

Environment:

    kernel mode only

--*/
#include "volstat.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VolStatUnload)
#endif

NTSTATUS
VolStatSendToNextDriver(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->TargetDeviceObject, Irp);
}

NTSTATUS
VolStatReadWrite(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);

    if (sl->MajorFunction == IRP_MJ_READ) {
        InterlockedIncrement64(&ext->Counters.Reads);
        InterlockedAdd64(&ext->Counters.BytesRead, sl->Parameters.Read.Length);
    } else {
        InterlockedIncrement64(&ext->Counters.Writes);
        InterlockedAdd64(&ext->Counters.BytesWritten, sl->Parameters.Write.Length);
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->TargetDeviceObject, Irp);
}

NTSTATUS
VolStatDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);

    if (sl->Parameters.DeviceIoControl.IoControlCode == IOCTL_VOLSTAT_QUERY) {
        NTSTATUS status = STATUS_SUCCESS;
        ULONG_PTR info = 0;

        if (sl->Parameters.DeviceIoControl.OutputBufferLength < sizeof(VOLSTAT_COUNTERS)) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            RtlCopyMemory(Irp->AssociatedIrp.SystemBuffer, &ext->Counters, sizeof(VOLSTAT_COUNTERS));
            info = sizeof(VOLSTAT_COUNTERS);
        }
        Irp->IoStatus.Status = status;
        Irp->IoStatus.Information = info;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->TargetDeviceObject, Irp);
}

VOID
VolStatUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PAGED_CODE();
    //
    // Device objects are removed through IRP_MN_REMOVE_DEVICE; the driver
    // object extension is freed by the I/O manager.
    //
}

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PVOLSTAT_DRIVER_EXTENSION driverExtension;
    PDRIVER_DISPATCH *dispatch;
    NTSTATUS status;
    ULONG i;

    status = IoAllocateDriverObjectExtension(DriverObject,
                                             (PVOID)DriverEntry,
                                             sizeof(VOLSTAT_DRIVER_EXTENSION),
                                             (PVOID *)&driverExtension);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(driverExtension, sizeof(VOLSTAT_DRIVER_EXTENSION));

    //
    // Keep the service key around; AddDevice reads the per-volume
    // parameters from it.
    //
    driverExtension->RegistryPath.Length = RegistryPath->Length;
    driverExtension->RegistryPath.MaximumLength = RegistryPath->MaximumLength;
    driverExtension->RegistryPath.Buffer = RegistryPath->Buffer;

    driverExtension->DefaultSampleMs = 1000;
    driverExtension->CountPaging = TRUE;

    for (i = 0, dispatch = DriverObject->MajorFunction;
         i <= IRP_MJ_MAXIMUM_FUNCTION;
         i++, dispatch++) {
        *dispatch = VolStatSendToNextDriver;
    }

    DriverObject->MajorFunction[IRP_MJ_READ]           = VolStatReadWrite;
    DriverObject->MajorFunction[IRP_MJ_WRITE]          = VolStatReadWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VolStatDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = VolStatDispatchPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = VolStatDispatchPower;

    DriverObject->DriverExtension->AddDevice = VolStatAddDevice;
    DriverObject->DriverUnload = VolStatUnload;

    return STATUS_SUCCESS;
}
