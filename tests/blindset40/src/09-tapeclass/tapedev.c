/*++

Module Name:

    tapedev.c

Abstract:

    Per-device callbacks for the QIC-X class driver.  All of these run
    long after DriverEntry, so nothing in here lives in the INIT section.

--*/

#include "tapecls.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, QTapeInitDevice)
#pragma alloc_text(PAGE, QTapeStartDevice)
#pragma alloc_text(PAGE, QTapeStopDevice)
#pragma alloc_text(PAGE, QTapeRemoveDevice)
#pragma alloc_text(PAGE, QTapeQueryWmiRegInfoEx)
#endif

#define IOCTL_QTAPE_GET_TIMEOUT CTL_CODE(FILE_DEVICE_TAPE, 0x0B00, METHOD_BUFFERED, FILE_READ_ACCESS)

_Use_decl_annotations_
NTSTATUS
QTapeInitDevice(
    PDEVICE_OBJECT Fdo
    )
{
    PFUNCTIONAL_DEVICE_EXTENSION    fdoExtension = Fdo->DeviceExtension;
    PQTAPE_DATA                     tapeData = (PQTAPE_DATA)fdoExtension->CommonExtension.DriverData;
    PQTAPE_DRIVER_EXTENSION         driverExtension;
    RTL_QUERY_REGISTRY_TABLE        table[3];
    ULONG                           timeout = 0;
    NTSTATUS                        status;

    PAGED_CODE();

    driverExtension = IoGetDriverObjectExtension(Fdo->DriverObject, &QTapeDriverExtensionKey);
    if (driverExtension == NULL) {
        return STATUS_INTERNAL_ERROR;
    }

    //
    // Parameters\TimeoutValue overrides the default rewind timeout.
    //

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags        = RTL_QUERY_REGISTRY_SUBKEY;
    table[0].Name         = L"Parameters";
    table[1].Flags        = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[1].Name         = L"TimeoutValue";
    table[1].EntryContext = &timeout;
    table[1].DefaultType  = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_NONE;

    status = RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                    driverExtension->RegistryPath.Buffer,
                                    table, NULL, NULL);

    if (NT_SUCCESS(status) && timeout != 0) {
        tapeData->TimeoutValue = timeout;
    }

    fdoExtension->TimeOutValue = tapeData->TimeoutValue;
    tapeData->BlockSize = 512;

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
QTapeStartDevice(PDEVICE_OBJECT Fdo)
{
    PFUNCTIONAL_DEVICE_EXTENSION fdoExtension = Fdo->DeviceExtension;
    PQTAPE_DATA tapeData = (PQTAPE_DATA)fdoExtension->CommonExtension.DriverData;

    PAGED_CODE();

    QTapeDebugPrint(1, ("QicTape%u: start, timeout %u\n",
                        tapeData->DeviceNumber, tapeData->TimeoutValue));
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
QTapeStopDevice(PDEVICE_OBJECT DeviceObject, UCHAR Type)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Type);

    PAGED_CODE();

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
QTapeRemoveDevice(PDEVICE_OBJECT DeviceObject, UCHAR Type)
{
    PFUNCTIONAL_DEVICE_EXTENSION fdoExtension = DeviceObject->DeviceExtension;
    PQTAPE_DATA tapeData;

    PAGED_CODE();

    switch (Type) {
    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
        return STATUS_SUCCESS;

    case IRP_MN_REMOVE_DEVICE:
    case IRP_MN_SURPRISE_REMOVAL:
    default:
        tapeData = (PQTAPE_DATA)fdoExtension->CommonExtension.DriverData;
        QTapeDebugPrint(1, ("QicTape%u: remove (%x)\n", tapeData->DeviceNumber, Type));
        return STATUS_SUCCESS;
    }
}

//
// Transfers must be whole blocks; anything else is failed before it
// reaches the drive.  CLASSPNP completes the IRP on failure.
//
_Use_decl_annotations_
NTSTATUS
QTapeReadWriteVerification(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFUNCTIONAL_DEVICE_EXTENSION fdoExtension = DeviceObject->DeviceExtension;
    PQTAPE_DATA         tapeData = (PQTAPE_DATA)fdoExtension->CommonExtension.DriverData;
    PIO_STACK_LOCATION  stack = IoGetCurrentIrpStackLocation(Irp);
    ULONG               length = stack->Parameters.Read.Length;

    if (length == 0 || (length % tapeData->BlockSize) != 0) {
        Irp->IoStatus.Status = STATUS_INVALID_PARAMETER;
        return STATUS_INVALID_PARAMETER;
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
QTapeDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PFUNCTIONAL_DEVICE_EXTENSION fdoExtension = DeviceObject->DeviceExtension;
    PQTAPE_DATA         tapeData = (PQTAPE_DATA)fdoExtension->CommonExtension.DriverData;
    PIO_STACK_LOCATION  stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS            status;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {

    case IOCTL_QTAPE_GET_TIMEOUT:
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            Irp->IoStatus.Information = 0;
        } else {
            *(PULONG)Irp->AssociatedIrp.SystemBuffer = tapeData->TimeoutValue;
            Irp->IoStatus.Information = sizeof(ULONG);
            status = STATUS_SUCCESS;
        }
        break;

    default:
        return ClassDeviceControl(DeviceObject, Irp);
    }

    Irp->IoStatus.Status = status;
    ClassReleaseRemoveLock(DeviceObject, Irp);
    ClassCompleteRequest(DeviceObject, Irp, IO_NO_INCREMENT);
    return status;
}

_Use_decl_annotations_
NTSTATUS
QTapeQueryWmiRegInfoEx(
    PDEVICE_OBJECT DeviceObject,
    ULONG *RegFlags,
    PUNICODE_STRING Name,
    PUNICODE_STRING MofResourceName
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    UNREFERENCED_PARAMETER(Name);

    PAGED_CODE();

    *RegFlags = WMIREG_FLAG_INSTANCE_PDO;
    RtlInitUnicodeString(MofResourceName, QTAPE_MOF_RESOURCE_NAME);

    return STATUS_SUCCESS;
}
