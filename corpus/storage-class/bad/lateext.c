/*
 * lateext.c - hand-written class driver for the BX-1 barcode-reading
 * cartridge slot. The entry points were set first "so they are never
 * forgotten", the extension allocated afterwards.
 *
 * BUG (STC003, four stores): dispatch entry points are defined before the
 * driver object extension exists. If the allocation then fails, the driver
 * object is left with entry points into an image that is about to be
 * unloaded; the documented order is extension first, entry points last.
 */

#include <ntddk.h>
#include <ntddstor.h>
#include <scsi.h>

typedef struct _LATEEXT_DRIVER_EXTENSION {
    ULONG SlotCount;
} LATEEXT_DRIVER_EXTENSION, *PLATEEXT_DRIVER_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE LeAddDevice;
DRIVER_UNLOAD LeUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH LeCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
_Dispatch_type_(IRP_MJ_PNP)
_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH LeSendToLower;

NTSTATUS
DriverEntry(                                            // expect-entry: storage-class
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PLATEEXT_DRIVER_EXTENSION driverExt;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = LeCreateClose;   // expect: STC003
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = LeCreateClose;   // expect: STC003
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = LeSendToLower;   // expect: STC003
    DriverObject->MajorFunction[IRP_MJ_PNP]            = LeSendToLower;   // expect: STC003

    status = IoAllocateDriverObjectExtension(DriverObject, (PVOID)DriverEntry,
                                             sizeof(LATEEXT_DRIVER_EXTENSION),
                                             (PVOID *)&driverExt);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    driverExt->SlotCount = 4;

    DriverObject->MajorFunction[IRP_MJ_POWER]  = LeSendToLower;
    DriverObject->DriverExtension->AddDevice   = LeAddDevice;
    DriverObject->DriverUnload                 = LeUnload;

    return STATUS_SUCCESS;
}

NTSTATUS
LeAddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT PhysicalDeviceObject)
{
    PDEVICE_OBJECT fdo;
    PDEVICE_OBJECT lower;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(PDEVICE_OBJECT), NULL, FILE_DEVICE_CHANGER,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    lower = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (lower == NULL) {
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }
    *(PDEVICE_OBJECT *)fdo->DeviceExtension = lower;
    fdo->Flags |= DO_DIRECT_IO | DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
LeUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS
LeCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
LeSendToLower(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PDEVICE_OBJECT lower = *(PDEVICE_OBJECT *)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    if (irpSp->MajorFunction == IRP_MJ_POWER) {
        PoStartNextPowerIrp(Irp);
        IoSkipCurrentIrpStackLocation(Irp);
        return PoCallDriver(lower, Irp);
    }
    if (irpSp->MajorFunction == IRP_MJ_PNP && irpSp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(lower, Irp);
        IoDetachDevice(lower);
        IoDeleteDevice(DeviceObject);
        return status;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(lower, Irp);
}
