/*
 * ctl.c - \Device\RawProto, so the test tool can read the frame counters
 */
#include "rawproto.h"

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH rpCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH rpIoctl;

static UNICODE_STRING g_devName  = RTL_CONSTANT_STRING(RP_DEVICE_NAME);
static UNICODE_STRING g_linkName = RTL_CONSTANT_STRING(RP_LINK_NAME);

NTSTATUS
rpCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
rpIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG info = 0;

    UNREFERENCED_PARAMETER(DeviceObject);

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_RP_GET_BINDINGS) {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength >= sizeof(LONG)) {
            *(PLONG)Irp->AssociatedIrp.SystemBuffer = Globals.OpenCount;
            info = sizeof(LONG);
            status = STATUS_SUCCESS;
        } else {
            status = STATUS_BUFFER_TOO_SMALL;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS
rpCreateControlDevice(PDRIVER_OBJECT DriverObject)
{
    NTSTATUS status;
    PDEVICE_OBJECT dev = NULL;

    status = IoCreateDevice(DriverObject, 0, &g_devName, FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        RPDBG(("IoCreateDevice %x\n", status));
        return status;
    }

    status = IoCreateSymbolicLink(&g_linkName, &g_devName);
    if (!NT_SUCCESS(status)) {
        RPDBG(("IoCreateSymbolicLink %x\n", status));
        IoDeleteDevice(dev);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = rpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = rpCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = rpIoctl;

    dev->Flags |= DO_BUFFERED_IO;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;
    Globals.ControlDevice = dev;
    return STATUS_SUCCESS;
}

VOID
rpDeleteControlDevice(VOID)
{
    if (Globals.ControlDevice == NULL) {
        return;
    }
    IoDeleteSymbolicLink(&g_devName);
    IoDeleteDevice(Globals.ControlDevice);
    Globals.ControlDevice = NULL;
}
