/*
 * oldtimer.c - driver for the ISA watchdog card WD-1 (port 0x443). Written
 * for NT 4 and rebuilt with every WDK since. When Code Analysis complained,
 * the dispatch routines got role types, DriverEntry did not. The driver was
 * never meant to be stopped, so it sets no DriverUnload ("sc stop" fails
 * with ERROR_INVALID_SERVICE_CONTROL).
 *
 * DE002 (note): no DRIVER_INITIALIZE declaration of DriverEntry.
 * WDM003: DriverUnload is never set.
 */

#include <ntddk.h>

#define WD1_PORT            ((PUCHAR)(ULONG_PTR)0x443)
#define WD1_DEFAULT_SECONDS 60

#define IOCTL_WD1_KICK \
    CTL_CODE(FILE_DEVICE_UNKNOWN, 0x870, METHOD_BUFFERED, FILE_WRITE_ACCESS)

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH Wd1DispatchCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH Wd1DispatchIoctl;

NTSTATUS
DriverEntry(                                            // expect-entry: wdm; expect: DE002
    IN PDRIVER_OBJECT  DriverObject,
    IN PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING deviceName;
    UNICODE_STRING linkName;
    PDEVICE_OBJECT deviceObject;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlInitUnicodeString(&deviceName, L"\\Device\\Wd1");
    status = IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_UNKNOWN,
                            0, FALSE, &deviceObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlInitUnicodeString(&linkName, L"\\DosDevices\\Wd1");
    status = IoCreateSymbolicLink(&linkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(deviceObject);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = Wd1DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = Wd1DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = Wd1DispatchIoctl;

    /* Arm the card with the default timeout; the agent kicks it from now on. */
    WRITE_PORT_UCHAR(WD1_PORT, WD1_DEFAULT_SECONDS);

    deviceObject->Flags |= DO_BUFFERED_IO;
    deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;                              // expect: WDM003
}

NTSTATUS
Wd1DispatchCreateClose(IN PDEVICE_OBJECT DeviceObject, IN PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
Wd1DispatchIoctl(IN PDEVICE_OBJECT DeviceObject, IN PIRP Irp)
{
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (irpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_WD1_KICK) {
        WRITE_PORT_UCHAR(WD1_PORT, WD1_DEFAULT_SECONDS);
        status = STATUS_SUCCESS;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
