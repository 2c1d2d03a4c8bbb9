/*
 * offby1.c - disk upper filter that counts flush requests per disk for the
 * write-cache audit tool. It handles nothing but IRP_MJ_FLUSH_BUFFERS and
 * power; everything else is passed down by the loop below.
 *
 * BUG (SFD001): the pass-through loop stops at i < IRP_MJ_MAXIMUM_FUNCTION,
 * so the last slot, IRP_MJ_PNP (== IRP_MJ_MAXIMUM_FUNCTION), keeps the I/O
 * manager's default routine: every PnP IRP fails at the filter and the
 * disk can never be started.
 */

#include <ntddk.h>
#include <ntdddisk.h>

static volatile LONG FlushCount;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE FbAddDevice;
DRIVER_UNLOAD FbUnload;
DRIVER_DISPATCH FbPassThrough;

_Dispatch_type_(IRP_MJ_FLUSH_BUFFERS)
DRIVER_DISPATCH FbFlush;

_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH FbPower;

NTSTATUS
DriverEntry(                                            // expect-entry: storage-filter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    ULONG i;

    UNREFERENCED_PARAMETER(RegistryPath);

    for (i = 0; i < IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = FbPassThrough;  // expect: SFD001
    }
    DriverObject->MajorFunction[IRP_MJ_FLUSH_BUFFERS] = FbFlush;
    DriverObject->MajorFunction[IRP_MJ_POWER]         = FbPower;

    DriverObject->DriverExtension->AddDevice = FbAddDevice;
    DriverObject->DriverUnload = FbUnload;

    return STATUS_SUCCESS;
}

VOID
FbUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS
FbFlush(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    InterlockedIncrement(&FlushCount);
    return FbPassThrough(DeviceObject, Irp);
}

NTSTATUS
FbAddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT PhysicalDeviceObject)
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
FbPassThrough(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PDEVICE_OBJECT lower = *(PDEVICE_OBJECT *)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(lower, Irp);
}

NTSTATUS
FbPower(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PDEVICE_OBJECT lower = *(PDEVICE_OBJECT *)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(lower, Irp);
}
