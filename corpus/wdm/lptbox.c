/*
 * lptbox.c - legacy driver for the parallel-port relay box of the RB-8
 * test fixture. Writes are queued with IoStartPacket and sent to the port
 * one at a time by the StartIo routine; a pending write can be cancelled.
 */

#include <ntddk.h>

#define LPTBOX_DATA ((PUCHAR)(ULONG_PTR)0x378)

static PDEVICE_OBJECT gLptDevice;
static UNICODE_STRING gLptName = RTL_CONSTANT_STRING(L"\\Device\\LptBox");

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD LptBoxUnload;
DRIVER_STARTIO LptBoxStartIo;
DRIVER_CANCEL LptBoxCancelIrp;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH LptBoxCreateClose;

_Dispatch_type_(IRP_MJ_WRITE)
DRIVER_DISPATCH LptBoxWrite;

NTSTATUS
LptBoxCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID
LptBoxCancelIrp(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    IoReleaseCancelSpinLock(Irp->CancelIrql);
    Irp->IoStatus.Status = STATUS_CANCELLED;
    Irp->IoStatus.Information = 0;
    IoStartNextPacket(DeviceObject, TRUE);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

NTSTATUS
LptBoxWrite(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    IoMarkIrpPending(Irp);
    IoStartPacket(DeviceObject, Irp, NULL, LptBoxCancelIrp);
    return STATUS_PENDING;
}

VOID
LptBoxStartIo(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PUCHAR data = (PUCHAR)Irp->AssociatedIrp.SystemBuffer;

    if (data != NULL) {
        WRITE_PORT_UCHAR(LPTBOX_DATA, data[0]);
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = data != NULL ? 1 : 0;
    IoStartNextPacket(DeviceObject, TRUE);
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
}

VOID
LptBoxUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(gLptDevice);
}

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &gLptName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &gLptDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    gLptDevice->Flags |= DO_BUFFERED_IO;

    DriverObject->DriverUnload = LptBoxUnload;
    DriverObject->DriverStartIo = LptBoxStartIo;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = LptBoxCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LptBoxCreateClose;
    DriverObject->MajorFunction[IRP_MJ_WRITE] = LptBoxWrite;

    return STATUS_SUCCESS;
}
