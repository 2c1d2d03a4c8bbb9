/*
 * noadd.c - volume upper filter that refuses FSCTL_LOCK_VOLUME on the
 * kiosk's data volume so that the user cannot reformat it. The dispatch
 * table is set up by NaSetEntryPoints(); AddDevice was meant to be set
 * there too.
 *
 * BUG (SFD002): nothing ever sets DriverExtension->AddDevice, so the filter
 * never attaches to a volume stack: it loads, and filters nothing.
 */

#include <ntddk.h>
#include <ntddvol.h>
#include <mountdev.h>

#ifndef FSCTL_LOCK_VOLUME       /* ntifs.h/winioctl.h value; not in ntddk.h */
#define FSCTL_LOCK_VOLUME CTL_CODE(FILE_DEVICE_FILE_SYSTEM, 6, METHOD_BUFFERED, FILE_ANY_ACCESS)
#endif

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE NaAddDevice;
DRIVER_UNLOAD NaUnload;
DRIVER_DISPATCH NaPassThrough;

_Dispatch_type_(IRP_MJ_FILE_SYSTEM_CONTROL)
DRIVER_DISPATCH NaFsControl;

_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH NaPower;

static VOID
NaSetEntryPoints(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PDRIVER_DISPATCH *slot;
    ULONG i;

    for (i = 0, slot = DriverObject->MajorFunction; i <= IRP_MJ_MAXIMUM_FUNCTION; i++, slot++) {
        *slot = NaPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = NaFsControl;
    DriverObject->MajorFunction[IRP_MJ_POWER]               = NaPower;
    DriverObject->DriverUnload = NaUnload;
}

NTSTATUS
DriverEntry(                                            // expect-entry: storage-filter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NaSetEntryPoints(DriverObject);
    return STATUS_SUCCESS;                              // expect: SFD002
}

VOID
NaUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS
NaFsControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);

    if (irpSp->MinorFunction == IRP_MN_USER_FS_REQUEST &&
        irpSp->Parameters.FileSystemControl.FsControlCode == FSCTL_LOCK_VOLUME) {
        Irp->IoStatus.Status = STATUS_ACCESS_DENIED;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_ACCESS_DENIED;
    }
    return NaPassThrough(DeviceObject, Irp);
}

NTSTATUS
NaAddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT PhysicalDeviceObject)
{
    PDEVICE_OBJECT filter;
    PDEVICE_OBJECT lower;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(PDEVICE_OBJECT), NULL, FILE_DEVICE_DISK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    lower = IoAttachDeviceToDeviceStack(filter, PhysicalDeviceObject);
    if (lower == NULL) {
        IoDeleteDevice(filter);
        return STATUS_NO_SUCH_DEVICE;
    }
    *(PDEVICE_OBJECT *)filter->DeviceExtension = lower;
    filter->Flags |= lower->Flags & (DO_DIRECT_IO | DO_BUFFERED_IO | DO_POWER_PAGABLE);
    filter->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS
NaPassThrough(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PDEVICE_OBJECT lower = *(PDEVICE_OBJECT *)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(lower, Irp);
}

NTSTATUS
NaPower(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PDEVICE_OBJECT lower = *(PDEVICE_OBJECT *)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(lower, Irp);
}
