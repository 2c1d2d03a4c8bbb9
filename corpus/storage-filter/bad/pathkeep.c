/*
 * pathkeep.c - disk upper filter that applies per-disk read-ahead hints
 * stored under the service key. Following the storage filter page, it
 * allocates a driver object extension and "copies the registry path" into
 * it for AddDevice to use later.
 *
 * BUG (DE004): the "copy" is a structure assignment of the caller's
 * UNICODE_STRING, so the extension keeps a pointer to a buffer that is
 * freed when DriverEntry returns; AddDevice reads freed pool.
 * BUG (SFD003): the filter defines no DriverUnload, so it can never be
 * unloaded (the hint table it allocates per disk is never freed either).
 */

#include <ntddk.h>
#include <ntdddisk.h>

typedef struct _PATHKEEP_DRIVER_EXTENSION {
    UNICODE_STRING RegistryPath;
    ULONG          DefaultReadAhead;
} PATHKEEP_DRIVER_EXTENSION, *PPATHKEEP_DRIVER_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE PkAddDevice;
DRIVER_DISPATCH PkPassThrough;

_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH PkPower;

NTSTATUS
DriverEntry(                                            // expect-entry: storage-filter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PPATHKEEP_DRIVER_EXTENSION driverExt;
    NTSTATUS status;
    ULONG i;

    status = IoAllocateDriverObjectExtension(DriverObject, (PVOID)PkAddDevice,
                                             sizeof(PATHKEEP_DRIVER_EXTENSION),
                                             (PVOID *)&driverExt);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    driverExt->RegistryPath = *RegistryPath;            // expect: DE004
    driverExt->DefaultReadAhead = 64 * 1024;

    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = PkPassThrough;
    }
    DriverObject->MajorFunction[IRP_MJ_POWER] = PkPower;
    DriverObject->DriverExtension->AddDevice = PkAddDevice;

    return STATUS_SUCCESS;                              // expect: SFD003
}

NTSTATUS
PkAddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT PhysicalDeviceObject)
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
PkPassThrough(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PDEVICE_OBJECT lower = *(PDEVICE_OBJECT *)DeviceObject->DeviceExtension;

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(lower, Irp);
}

NTSTATUS
PkPower(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PDEVICE_OBJECT lower = *(PDEVICE_OBJECT *)DeviceObject->DeviceExtension;

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(lower, Irp);
}
