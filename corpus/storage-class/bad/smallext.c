/*
 * smallext.c - hand-written class driver for the MV-2 magazine vault. In
 * 2.0 the driver extension grew a per-slot table, and the pointer type was
 * changed to the new structure, but the allocation still uses the 1.x size.
 *
 * BUG (STC004): the extension is allocated with sizeof(SMALLEXT_V1_EXTENSION)
 * but used as a SMALLEXT_EXTENSION; the writes to SlotState run past the
 * allocation into pool owned by someone else.
 */

#include <ntddk.h>
#include <ntddstor.h>
#include <ntddscsi.h>

#define SMALLEXT_SLOTS 16

typedef struct _SMALLEXT_V1_EXTENSION {
    ULONG Timeout;
    ULONG Flags;
} SMALLEXT_V1_EXTENSION;

typedef struct _SMALLEXT_EXTENSION {
    ULONG Timeout;
    ULONG Flags;
    UCHAR SlotState[SMALLEXT_SLOTS];
} SMALLEXT_EXTENSION, *PSMALLEXT_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE SeAddDevice;
DRIVER_UNLOAD SeUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH SeCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
_Dispatch_type_(IRP_MJ_PNP)
_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH SeSendToLower;

NTSTATUS
DriverEntry(                                            // expect-entry: storage-class
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PSMALLEXT_EXTENSION driverExt;
    NTSTATUS status;
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoAllocateDriverObjectExtension(DriverObject,      // expect: STC004
                                             (PVOID)DriverEntry,
                                             sizeof(SMALLEXT_V1_EXTENSION),
                                             (PVOID *)&driverExt);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    driverExt->Timeout = 300;
    driverExt->Flags = 0;
    for (i = 0; i < SMALLEXT_SLOTS; i++) {
        driverExt->SlotState[i] = 0;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = SeCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = SeCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SeSendToLower;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = SeSendToLower;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = SeSendToLower;
    DriverObject->DriverExtension->AddDevice           = SeAddDevice;
    DriverObject->DriverUnload                         = SeUnload;

    return STATUS_SUCCESS;
}

NTSTATUS
SeAddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT PhysicalDeviceObject)
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
SeUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS
SeCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
SeSendToLower(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
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
