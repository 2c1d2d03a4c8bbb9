/*
 * volguard.c - volume upper filter that makes selected volumes read-only
 * while a kiosk is in "locked" mode. Writes to a protected volume fail with
 * STATUS_MEDIA_WRITE_PROTECTED; IOCTL_DISK_IS_WRITABLE reports the same.
 *
 * The lock flag is set by the kiosk service through a control path that is
 * not part of this file.
 */

#include <ntddk.h>
#include <ntdddisk.h>
#include <ntddvol.h>
#include <mountdev.h>

#define VOLGUARD_TAG 'dGlV'

typedef struct _VOLGUARD_EXTENSION {
    PDEVICE_OBJECT DeviceObject;
    PDEVICE_OBJECT TargetDeviceObject;
    BOOLEAN        Locked;
} VOLGUARD_EXTENSION, *PVOLGUARD_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE VolGuardAddDevice;
DRIVER_DISPATCH VolGuardSendToNext;

_Dispatch_type_(IRP_MJ_WRITE)
DRIVER_DISPATCH VolGuardWrite;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH VolGuardDeviceControl;

_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH VolGuardPnp;

_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH VolGuardPower;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VolGuardAddDevice)
#endif

NTSTATUS
DriverEntry(                                        // expect-entry: storage-filter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PDRIVER_DISPATCH *dispatch;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    /* Default every major function to a plain pass-through. */
    for (i = 0, dispatch = DriverObject->MajorFunction;
         i <= IRP_MJ_MAXIMUM_FUNCTION;
         i++, dispatch++) {
        *dispatch = VolGuardSendToNext;
    }

    DriverObject->MajorFunction[IRP_MJ_WRITE]          = VolGuardWrite;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VolGuardDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = VolGuardPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = VolGuardPower;

    DriverObject->DriverExtension->AddDevice = VolGuardAddDevice;

    /*
     * No DriverUnload: volume filters stay loaded until shutdown. This is a
     * deliberate, documented deviation (SFD003 reports it as a warning).
     */
    return STATUS_SUCCESS;                          // expect: SFD003
}

NTSTATUS
VolGuardAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PDEVICE_OBJECT filter;
    PVOLGUARD_EXTENSION ext;
    NTSTATUS status;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(VOLGUARD_EXTENSION), NULL,
                            FILE_DEVICE_DISK, 0, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PVOLGUARD_EXTENSION)filter->DeviceExtension;
    ext->DeviceObject = filter;
    ext->Locked = FALSE;
    ext->TargetDeviceObject = IoAttachDeviceToDeviceStack(filter, PhysicalDeviceObject);
    if (ext->TargetDeviceObject == NULL) {
        IoDeleteDevice(filter);
        return STATUS_NO_SUCH_DEVICE;
    }

    filter->Flags |= DO_DIRECT_IO | DO_POWER_PAGABLE;
    filter->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS
VolGuardSendToNext(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVOLGUARD_EXTENSION ext = (PVOLGUARD_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->TargetDeviceObject, Irp);
}

static NTSTATUS
VolGuardFail(
    _Inout_ PIRP Irp,
    _In_ NTSTATUS Status
    )
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
VolGuardWrite(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVOLGUARD_EXTENSION ext = (PVOLGUARD_EXTENSION)DeviceObject->DeviceExtension;

    if (ext->Locked) {
        return VolGuardFail(Irp, STATUS_MEDIA_WRITE_PROTECTED);
    }
    return VolGuardSendToNext(DeviceObject, Irp);
}

NTSTATUS
VolGuardDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVOLGUARD_EXTENSION ext = (PVOLGUARD_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);

    if (ext->Locked &&
        irpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_DISK_IS_WRITABLE) {
        return VolGuardFail(Irp, STATUS_MEDIA_WRITE_PROTECTED);
    }
    return VolGuardSendToNext(DeviceObject, Irp);
}

NTSTATUS
VolGuardPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVOLGUARD_EXTENSION ext = (PVOLGUARD_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT target = ext->TargetDeviceObject;
    NTSTATUS status;

    if (irpSp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(target, Irp);
        IoDetachDevice(target);
        IoDeleteDevice(DeviceObject);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(target, Irp);
}

NTSTATUS
VolGuardPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVOLGUARD_EXTENSION ext = (PVOLGUARD_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->TargetDeviceObject, Irp);
}
