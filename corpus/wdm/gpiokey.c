/*
 * gpiokey.c - PnP function driver for the lid and hotkey GPIO block of the
 * KX-20 embedded board. PnP IRPs arrive through the one IRP_MJ_PNP slot; the
 * routine dispatches on the minor function code of the stack location.
 */

#include <ntddk.h>

typedef struct _GPIOKEY_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT LowerDevice;
    BOOLEAN Started;
} GPIOKEY_EXTENSION, *PGPIOKEY_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE GpioKeyAddDevice;
DRIVER_UNLOAD GpioKeyUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH GpioKeyCreateClose;

_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH GpioKeyPnp;

_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH GpioKeyPower;

NTSTATUS
GpioKeyCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS
GpioKeyStartDevice(PGPIOKEY_EXTENSION Ext, PIRP Irp)
{
    Ext->Started = TRUE;
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(Ext->LowerDevice, Irp);
}

NTSTATUS
GpioKeyPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PGPIOKEY_EXTENSION ext = (PGPIOKEY_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);

    switch (stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
        return GpioKeyStartDevice(ext, Irp);
    case IRP_MN_QUERY_DEVICE_RELATIONS:
    default:
        IoSkipCurrentIrpStackLocation(Irp);
        return IoCallDriver(ext->LowerDevice, Irp);
    }
}

NTSTATUS
GpioKeyPower(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PGPIOKEY_EXTENSION ext = (PGPIOKEY_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS
GpioKeyAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject)
{
    PDEVICE_OBJECT device = NULL;
    PGPIOKEY_EXTENSION ext;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(GPIOKEY_EXTENSION), NULL,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = (PGPIOKEY_EXTENSION)device->DeviceExtension;
    ext->Self = device;
    ext->Started = FALSE;
    ext->LowerDevice = IoAttachDeviceToDeviceStack(device, PhysicalDeviceObject);
    if (ext->LowerDevice == NULL) {
        IoDeleteDevice(device);
        return STATUS_NO_SUCH_DEVICE;
    }
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
GpioKeyUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverUnload = GpioKeyUnload;
    DriverObject->DriverExtension->AddDevice = GpioKeyAddDevice;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = GpioKeyCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = GpioKeyCreateClose;
    DriverObject->MajorFunction[IRP_MJ_PNP] = GpioKeyPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = GpioKeyPower;

    return STATUS_SUCCESS;
}
