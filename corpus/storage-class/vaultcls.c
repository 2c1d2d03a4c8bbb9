/*
 * vaultcls.c - class driver for the "MediaVault" cartridge library robot,
 * a SCSI device (peripheral type 0x08) that predates the changer class.
 * It does not use classpnp: the driver keeps its own driver object
 * extension with a private copy of the service key path, which AddDevice
 * reads per-unit overrides from.
 */

#include <ntddk.h>
#include <ntddstor.h>
#include <ntddscsi.h>
#include <srb.h>

#define VAULT_TAG            'tlVM'
#define VAULT_DEFAULT_TIMEOUT 600      /* seconds; robot moves are slow */

typedef struct _VAULT_DRIVER_EXTENSION {
    UNICODE_STRING RegistryPath;       /* deep copy, buffer follows struct */
    ULONG          DefaultTimeout;
    volatile LONG  UnitCount;
} VAULT_DRIVER_EXTENSION, *PVAULT_DRIVER_EXTENSION;

typedef struct _VAULT_DEVICE_EXTENSION {
    PDEVICE_OBJECT LowerDevice;
    ULONG          UnitNumber;
    ULONG          TimeoutValue;
} VAULT_DEVICE_EXTENSION, *PVAULT_DEVICE_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_ADD_DEVICE VaultAddDevice;
DRIVER_UNLOAD VaultUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH VaultCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH VaultDeviceControl;

_Dispatch_type_(IRP_MJ_PNP)
_Dispatch_type_(IRP_MJ_POWER)
_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL)
DRIVER_DISPATCH VaultSendToLower;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, VaultAddDevice)
#pragma alloc_text(PAGE, VaultUnload)
#endif

NTSTATUS
DriverEntry(                                                // expect-entry: storage-class
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PVAULT_DRIVER_EXTENSION driverExt;
    NTSTATUS status;

    /*
     * 1. Driver object extension, sized for the registry path copy too.
     *    The client identification address is our own DriverEntry.
     */
    status = IoAllocateDriverObjectExtension(DriverObject,
                                             (PVOID)DriverEntry,
                                             sizeof(VAULT_DRIVER_EXTENSION) +
                                                 RegistryPath->Length + sizeof(UNICODE_NULL),
                                             (PVOID *)&driverExt);
    if (!NT_SUCCESS(status)) {
        KdPrint(("vaultcls: IoAllocateDriverObjectExtension failed %x\n", status));
        return status;
    }

    /* 2. Copy the registry path (not the pointer) and initialize. */
    driverExt->RegistryPath.Buffer = (PWCH)(driverExt + 1);
    driverExt->RegistryPath.Length = 0;
    driverExt->RegistryPath.MaximumLength = RegistryPath->Length + sizeof(UNICODE_NULL);
    RtlCopyUnicodeString(&driverExt->RegistryPath, RegistryPath);
    driverExt->DefaultTimeout = VAULT_DEFAULT_TIMEOUT;
    driverExt->UnitCount = 0;

    /* 3. Entry points. */
    DriverObject->MajorFunction[IRP_MJ_CREATE]         = VaultCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = VaultCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = VaultDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = VaultSendToLower;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = VaultSendToLower;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = VaultSendToLower;
    DriverObject->DriverExtension->AddDevice           = VaultAddDevice;
    DriverObject->DriverUnload                         = VaultUnload;

    return STATUS_SUCCESS;
}

NTSTATUS
VaultAddDevice(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    PVAULT_DRIVER_EXTENSION driverExt;
    PVAULT_DEVICE_EXTENSION devExt;
    PDEVICE_OBJECT fdo;
    NTSTATUS status;

    PAGED_CODE();

    driverExt = (PVAULT_DRIVER_EXTENSION)IoGetDriverObjectExtension(DriverObject, (PVOID)DriverEntry);
    if (driverExt == NULL) {
        return STATUS_INTERNAL_ERROR;
    }

    status = IoCreateDevice(DriverObject, sizeof(VAULT_DEVICE_EXTENSION), NULL,
                            FILE_DEVICE_CHANGER, FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    devExt = (PVAULT_DEVICE_EXTENSION)fdo->DeviceExtension;
    devExt->UnitNumber = (ULONG)InterlockedIncrement(&driverExt->UnitCount) - 1;
    devExt->TimeoutValue = driverExt->DefaultTimeout;
    devExt->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (devExt->LowerDevice == NULL) {
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }

    fdo->Flags |= DO_DIRECT_IO | DO_POWER_PAGABLE;
    fdo->AlignmentRequirement = devExt->LowerDevice->AlignmentRequirement;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
VaultUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    /* The driver object extension is freed by the I/O manager. */
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS
VaultCreateClose(
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
VaultDeviceControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SCSI_PASS_THROUGH:
    case IOCTL_SCSI_PASS_THROUGH_DIRECT:
    case IOCTL_STORAGE_QUERY_PROPERTY:
        /* Let the port driver validate and execute these. */
        return VaultSendToLower(DeviceObject, Irp);
    default:
        Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return STATUS_INVALID_DEVICE_REQUEST;
    }
}

NTSTATUS
VaultSendToLower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PVAULT_DEVICE_EXTENSION devExt = (PVAULT_DEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PDEVICE_OBJECT lower = devExt->LowerDevice;
    NTSTATUS status;

    if (irpSp->MajorFunction == IRP_MJ_POWER) {
        PoStartNextPowerIrp(Irp);
        IoSkipCurrentIrpStackLocation(Irp);
        return PoCallDriver(lower, Irp);
    }

    if (irpSp->MajorFunction == IRP_MJ_PNP &&
        irpSp->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(lower, Irp);
        IoDetachDevice(lower);
        IoDeleteDevice(DeviceObject);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(lower, Irp);
}
