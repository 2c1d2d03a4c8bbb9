/*
 * pwrpass.c - an upper filter of a serial port's PnP stack that counts the
 * bytes read and written. AddDevice attaches a filter device to each port
 * stack. DriverEntry first points every dispatch slot at a pass-through
 * routine, then sets its own read, write and PnP routines: IRP_MJ_POWER is
 * passed down with the rest. Conforming: no WDM013.
 */

#include <ntddk.h>

typedef struct _PP_EXTENSION {
    PDEVICE_OBJECT Lower;
    volatile LONG64 Bytes;
} PP_EXTENSION, *PPP_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE PpAddDevice;
DRIVER_UNLOAD PpUnload;
_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH PpPass;
_Dispatch_type_(IRP_MJ_READ)
_Dispatch_type_(IRP_MJ_WRITE)
DRIVER_DISPATCH PpCount;
_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH PpPnp;

NTSTATUS
PpPass(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PPP_EXTENSION ext = (PPP_EXTENSION)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
PpCount(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PPP_EXTENSION ext = (PPP_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);

    InterlockedAdd64(&ext->Bytes, stack->Parameters.Read.Length);
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

NTSTATUS
PpPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PPP_EXTENSION ext = (PPP_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT lower = ext->Lower;
    NTSTATUS status;

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(lower, Irp);
    if (stack->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        IoDetachDevice(lower);
        IoDeleteDevice(DeviceObject);
    }
    return status;
}

NTSTATUS
PpAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PDEVICE_OBJECT device;
    PPP_EXTENSION ext;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(PP_EXTENSION), NULL, FILE_DEVICE_SERIAL_PORT, 0, FALSE,
                            &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = (PPP_EXTENSION)device->DeviceExtension;
    ext->Bytes = 0;
    ext->Lower = IoAttachDeviceToDeviceStack(device, PhysicalDeviceObject);
    if (ext->Lower == NULL) {
        IoDeleteDevice(device);
        return STATUS_NO_SUCH_DEVICE;
    }
    device->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
PpUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = PpPass;
    }
    DriverObject->MajorFunction[IRP_MJ_READ] = PpCount;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = PpCount;
    DriverObject->MajorFunction[IRP_MJ_PNP] = PpPnp;
    DriverObject->DriverExtension->AddDevice = PpAddDevice;
    DriverObject->DriverUnload = PpUnload;
    return STATUS_SUCCESS;
}
