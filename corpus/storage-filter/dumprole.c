/*
 * dumprole.c - one image, two roles. Loaded as a volume filter, it creates
 * its control device and passes every request through; loaded again by the crash-dump stack
 * as a dump filter, its entry is handed a FILTER_EXTENSION in place of the
 * driver object, and it answers as a dump filter through a helper of its
 * own. That path has no driver object to fill: no WDM rule applies to it.
 */

#include <ntddk.h>
#include <ntddvol.h>

typedef struct _DR_FILTER_EXTENSION {
    ULONG Size;
    PVOID Context;
} DR_FILTER_EXTENSION, *PDR_FILTER_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD DrUnload;
DRIVER_ADD_DEVICE DrAddDevice;
DRIVER_DISPATCH DrPass;

static PDEVICE_OBJECT DrDevice;
extern BOOLEAN DrDumpRole;              /* set by the role file of each build */

static NTSTATUS
DrDumpFilterEntry(
    _Inout_ PDR_FILTER_EXTENSION Extension,
    _In_ PVOID InitData
    )
{
    UNREFERENCED_PARAMETER(InitData);
    Extension->Context = NULL;
    return STATUS_SUCCESS;
}

NTSTATUS
DrAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNREFERENCED_PARAMETER(PhysicalDeviceObject);
    return STATUS_SUCCESS;
}

VOID
DrUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(DrDevice);
}

NTSTATUS
DrPass(
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

NTSTATUS
DriverEntry(                                            // expect-entry: storage-filter
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\DumpRole");
    NTSTATUS status;
    ULONG i;

    if (DrDumpRole) {
        return DrDumpFilterEntry((PDR_FILTER_EXTENSION)DriverObject, RegistryPath);
    }
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &DrDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
        DriverObject->MajorFunction[i] = DrPass;
    }
    DriverObject->DriverExtension->AddDevice = DrAddDevice;
    DriverObject->DriverUnload = DrUnload;
    return STATUS_SUCCESS;
}
