/*
 * relay8.c - driver for the RL-8 eight-channel relay board on the
 * parallel port (data register drives the relays, status reads the
 * opto inputs). Legacy NT 4-era design, still used on test benches.
 *
 * Author: René Lefèvre <rlefevre@banc-essai.example>
 * Maintenance: François Grégoire (2009-2014)
 * Encoding note: the comments in this file are Windows-1252 encoded.
 */

#include <ntddk.h>

#define RELAY8_TAG          '8lRy'
#define RELAY8_DEFAULT_BASE 0x378

#define IOCTL_RELAY8_SET \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_RELAY8_GET_INPUTS \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x841, METHOD_BUFFERED, FILE_READ_ACCESS)

typedef struct _RELAY8_EXTENSION {
    PUCHAR Base;            /* data register; status is Base + 1 */
    UCHAR  Shadow;          /* last value written: relays are write-only */
} RELAY8_EXTENSION, *PRELAY8_EXTENSION;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD Relay8Unload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH Relay8CreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH Relay8Ioctl;

static UNICODE_STRING Relay8Name = RTL_CONSTANT_STRING(L"\\Device\\Relay8");
static UNICODE_STRING Relay8Link = RTL_CONSTANT_STRING(L"\\DosDevices\\Relay8");

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    PDEVICE_OBJECT device;
    PRELAY8_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(RELAY8_EXTENSION), &Relay8Name,
                            FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PRELAY8_EXTENSION)device->DeviceExtension;
    ext->Base = (PUCHAR)(ULONG_PTR)RELAY8_DEFAULT_BASE;
    ext->Shadow = 0;

    /* All relays open at load: this is the safe state of the bench. */
    WRITE_PORT_UCHAR(ext->Base, 0);

    status = IoCreateSymbolicLink(&Relay8Link, &Relay8Name);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = Relay8CreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = Relay8CreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = Relay8Ioctl;
    DriverObject->DriverUnload                         = Relay8Unload;

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

VOID
Relay8Unload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    PRELAY8_EXTENSION ext = (PRELAY8_EXTENSION)DriverObject->DeviceObject->DeviceExtension;

    /* Leave the bench safe: all relays open. — R.L. */
    WRITE_PORT_UCHAR(ext->Base, 0);

    IoDeleteSymbolicLink(&Relay8Link);
    IoDeleteDevice(DriverObject->DeviceObject);
}

NTSTATUS
Relay8CreateClose(
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
Relay8Ioctl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PRELAY8_EXTENSION ext = (PRELAY8_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    PUCHAR buffer = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    switch (irpSp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_RELAY8_SET:
        if (irpSp->Parameters.DeviceIoControl.InputBufferLength < 1) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ext->Shadow = buffer[0];
        WRITE_PORT_UCHAR(ext->Base, ext->Shadow);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_RELAY8_GET_INPUTS:
        if (irpSp->Parameters.DeviceIoControl.OutputBufferLength < 1) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        /* Status register bits 3..7 carry the five opto inputs. */
        buffer[0] = (UCHAR)(READ_PORT_UCHAR(ext->Base + 1) >> 3);
        info = 1;
        status = STATUS_SUCCESS;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
