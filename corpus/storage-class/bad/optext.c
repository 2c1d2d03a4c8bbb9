/*
 * optext.c - hand-written class driver for the TL-4 tape autoloader's
 * medium changer (SCSI peripheral type 0x08), without classpnp.
 *
 * BUG (STC001): the driver object extension, which AddDevice later reads
 * the per-unit overrides from, is only allocated when the service key has
 * a "Parameters" override. On the default path DriverEntry returns success
 * without any extension, and AddDevice's IoGetDriverObjectExtension
 * returns NULL.
 */

#include <ntddk.h>
#include <ntddstor.h>
#include <ntddscsi.h>

#define OPTEXT_DEFAULT_TIMEOUT 900

typedef struct _OPTEXT_DRIVER_EXTENSION {
    ULONG MoveTimeout;
    ULONG Flags;
} OPTEXT_DRIVER_EXTENSION, *POPTEXT_DRIVER_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE OptAddDevice;
DRIVER_UNLOAD OptUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH OptCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
_Dispatch_type_(IRP_MJ_PNP)
_Dispatch_type_(IRP_MJ_POWER)
DRIVER_DISPATCH OptSendToLower;

static ULONG
OptReadOverride(_In_ PUNICODE_STRING RegistryPath)
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG timeout = 0;
    ULONG defaultValue = 0;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name          = L"MoveTimeout";
    table[0].EntryContext  = &timeout;
    table[0].DefaultType   = REG_DWORD;
    table[0].DefaultData   = &defaultValue;
    table[0].DefaultLength = sizeof(ULONG);

    if (!NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                           RegistryPath->Buffer, table, NULL, NULL))) {
        return 0;
    }
    return timeout;
}

NTSTATUS
DriverEntry(                                            // expect-entry: storage-class
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    POPTEXT_DRIVER_EXTENSION driverExt;
    ULONG timeout;
    NTSTATUS status;

    timeout = OptReadOverride(RegistryPath);
    if (timeout != 0) {
        status = IoAllocateDriverObjectExtension(DriverObject, (PVOID)DriverEntry,
                                                 sizeof(OPTEXT_DRIVER_EXTENSION),
                                                 (PVOID *)&driverExt);
        if (!NT_SUCCESS(status)) {
            return status;
        }
        driverExt->MoveTimeout = timeout;
        driverExt->Flags = 0;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = OptCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = OptCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = OptSendToLower;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = OptSendToLower;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = OptSendToLower;
    DriverObject->DriverExtension->AddDevice           = OptAddDevice;
    DriverObject->DriverUnload                         = OptUnload;

    return STATUS_SUCCESS;                              // expect: STC001
}

NTSTATUS
OptAddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT PhysicalDeviceObject)
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
OptUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS
OptCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
OptSendToLower(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
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
