/*
 * toaster.c - a WDM function driver for a toy PnP device, in the version
 * whose AddDevice forgets what it did when a later step fails.
 *
 * BUG (WDM018): the status of IoRegisterDeviceInterface is not examined:
 * AddDevice goes on with no interface name.
 * BUG (WDM019): the lower device's flags are read before the result of
 * IoAttachDeviceToDeviceStack is tested.
 * BUG (WDM017, twice): when the attach fails, AddDevice returns without
 * deleting the device object or freeing the buffer; the PnP manager sends
 * no IRP_MN_REMOVE_DEVICE for a device whose AddDevice failed.
 * BUG (WDM015): the IRP_MN_REMOVE_DEVICE handler deletes the device before
 * it detaches it from the device below.
 */

#include <ntddk.h>

typedef struct _TOY_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;
    UNICODE_STRING Interface;
    PUCHAR Buffer;
} TOY_EXTENSION, *PTOY_EXTENSION;

static const GUID ToyInterfaceGuid =
    { 0x6a3d5c71, 0x20b4, 0x4f8e, { 0x9d, 0x11, 0x5e, 0x42, 0x0c, 0x7b, 0x8a, 0x13 } };

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE ToyAddDevice;
DRIVER_UNLOAD ToyUnload;
_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH ToyPnp;
_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH ToyPower;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH ToyCreateClose;

NTSTATUS
ToyAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PDEVICE_OBJECT fdo;
    PTOY_EXTENSION ext;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(TOY_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = (PTOY_EXTENSION)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fdo;

    status = IoRegisterDeviceInterface(PhysicalDeviceObject, &ToyInterfaceGuid, NULL, &ext->Interface); // expect: WDM018

    ext->Buffer = (PUCHAR)ExAllocatePool2(POOL_FLAG_NON_PAGED, PAGE_SIZE, 'yoT1');
    if (ext->Buffer == NULL) {
        RtlFreeUnicodeString(&ext->Interface);
        IoDeleteDevice(fdo);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    ext->Lower = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    fdo->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE); // expect: WDM019
    if (ext->Lower == NULL) {
        RtlFreeUnicodeString(&ext->Interface);
        return STATUS_NO_SUCH_DEVICE; // expect: WDM017, WDM017
    }
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS
ToyPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PTOY_EXTENSION ext = (PTOY_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT lower = ext->Lower;
    NTSTATUS status;

    if (stack->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        IoSetDeviceInterfaceState(&ext->Interface, FALSE);
        RtlFreeUnicodeString(&ext->Interface);
        ExFreePoolWithTag(ext->Buffer, 'yoT1');
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(lower, Irp);
        IoDeleteDevice(DeviceObject);
        IoDetachDevice(lower); // expect: WDM015
        return status;
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(lower, Irp);
}

NTSTATUS
ToyPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PTOY_EXTENSION ext = (PTOY_EXTENSION)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->Lower, Irp);
}

NTSTATUS
ToyCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
ToyUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS
DriverEntry( // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->DriverExtension->AddDevice = ToyAddDevice;
    DriverObject->DriverUnload = ToyUnload;
    DriverObject->MajorFunction[IRP_MJ_PNP] = ToyPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER] = ToyPower;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ToyCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ToyCreateClose;
    return STATUS_SUCCESS;
}
