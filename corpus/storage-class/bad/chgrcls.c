/*
 * chgrcls.c - hand-written class driver for the CX-8 cartridge changer.
 * Follows the documented order (extension, registry path, entry points),
 * but the extension is initialized before the allocation is checked.
 *
 * BUG (DE007): driverExt is written through before the status of
 * IoAllocateDriverObjectExtension is tested; on STATUS_INSUFFICIENT_RESOURCES
 * or STATUS_OBJECT_NAME_COLLISION it is NULL (or stale) and the store faults.
 */

#include <ntddk.h>
#include <ntddstor.h>
#include <ntddscsi.h>

typedef struct _CHGR_DRIVER_EXTENSION {
    UNICODE_STRING RegistryPath;
    ULONG          MoveTimeout;
} CHGR_DRIVER_EXTENSION, *PCHGR_DRIVER_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE ChgrAddDevice;
DRIVER_UNLOAD ChgrUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH ChgrCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
_Dispatch_type_(IRP_MJ_PNP)
_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH ChgrSendToLower;

NTSTATUS
DriverEntry(                                            // expect-entry: storage-class
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PCHGR_DRIVER_EXTENSION driverExt;
    USHORT pathBytes = RegistryPath->Length + sizeof(UNICODE_NULL);
    NTSTATUS status;

    status = IoAllocateDriverObjectExtension(DriverObject, (PVOID)DriverEntry,
                                             sizeof(CHGR_DRIVER_EXTENSION) + pathBytes,
                                             (PVOID *)&driverExt);
    driverExt->MoveTimeout = 600;                       // expect: DE007
    if (!NT_SUCCESS(status)) {
        return status;
    }

    driverExt->RegistryPath.Buffer = (PWCH)(driverExt + 1);
    driverExt->RegistryPath.Length = 0;
    driverExt->RegistryPath.MaximumLength = pathBytes;
    RtlCopyUnicodeString(&driverExt->RegistryPath, RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = ChgrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = ChgrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ChgrSendToLower;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = ChgrSendToLower;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = ChgrSendToLower;
    DriverObject->DriverExtension->AddDevice           = ChgrAddDevice;
    DriverObject->DriverUnload                         = ChgrUnload;

    return STATUS_SUCCESS;
}

NTSTATUS
ChgrAddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT PhysicalDeviceObject)
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
ChgrUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS
ChgrCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
ChgrSendToLower(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
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
