/*
 * nodisp.c - hand-written class driver for the OD-2 optical jukebox arm.
 * The 1.0 driver filled the dispatch table in a helper that was removed
 * when the IOCTL interface moved to a separate control driver.
 *
 * BUG (STC002): the extension and AddDevice are set up, but no MajorFunction
 * entry point is defined and classpnp is not used, so every IRP to the
 * changer FDO (including IRP_MJ_PNP) fails with STATUS_INVALID_DEVICE_REQUEST.
 */

#include <ntddk.h>
#include <ntddstor.h>
#include <srb.h>

typedef struct _NODISP_DRIVER_EXTENSION {
    ULONG ArmTimeout;
    ULONG Units;
} NODISP_DRIVER_EXTENSION, *PNODISP_DRIVER_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE NdAddDevice;
DRIVER_UNLOAD NdUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH NdCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
_Dispatch_type_(IRP_MJ_PNP)
_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH NdSendToLower;

NTSTATUS
DriverEntry(                                            // expect-entry: storage-class
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PNODISP_DRIVER_EXTENSION driverExt;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoAllocateDriverObjectExtension(DriverObject, (PVOID)DriverEntry,
                                             sizeof(NODISP_DRIVER_EXTENSION),
                                             (PVOID *)&driverExt);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    driverExt->ArmTimeout = 120;
    driverExt->Units = 0;

    DriverObject->DriverExtension->AddDevice = NdAddDevice;
    DriverObject->DriverUnload = NdUnload;

    return STATUS_SUCCESS;                              // expect: STC002
}

NTSTATUS
NdAddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT PhysicalDeviceObject)
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
NdUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS
NdCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
NdSendToLower(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
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
