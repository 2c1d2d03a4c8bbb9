// rkscan.c - "rootkit detector": user mode asks for a scan via IOCTL
#include "21-rkscan.h"

#define IOCTL_RK_SCAN CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_NEITHER, FILE_ANY_ACCESS)

static UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(L"\\Device\\RkScan");
static UNICODE_STRING g_DosName = RTL_CONSTANT_STRING(L"\\DosDevices\\RkScan");

static NTSTATUS RkDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    PIO_STACK_LOCATION sl = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;

    if (sl->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        if (sl->Parameters.DeviceIoControl.IoControlCode == IOCTL_RK_SCAN) {
            status = RkQueueScan();
            if (status == STATUS_PENDING)
                status = STATUS_SUCCESS;   // scan runs in the background
        } else {
            status = STATUS_INVALID_DEVICE_REQUEST;
        }
    }
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static VOID RkUnload(PDRIVER_OBJECT DriverObject)
{
    RkFreeScanner();
    IoDeleteSymbolicLink(&g_DosName);
    IoDeleteDevice(DriverObject->DeviceObject);
    DbgPrint("rkscan: unloaded\n");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    PDEVICE_OBJECT dev;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status))
        return status;

    status = RkInitScanner(dev);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(dev);
        return status;
    }

    status = IoCreateSymbolicLink(&g_DosName, &g_DevName);
    if (!NT_SUCCESS(status)) {
        RkFreeScanner();
        IoDeleteDevice(dev);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RkDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RkDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RkDispatch;
    DriverObject->DriverUnload = RkUnload;
    return STATUS_SUCCESS;
}
