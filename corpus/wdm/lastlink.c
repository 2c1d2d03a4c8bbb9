/*
 * lastlink.c - "pingdev", a hobby control device whose DriverEntry ends with
 * the symbolic link. The link's status is what DriverEntry returns, so when
 * IoCreateSymbolicLink fails the device must go first: it is tested, and the
 * device deleted, before the failure is returned.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD PingUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PingCreateClose;

static PDEVICE_OBJECT g_PingDevice;
static UNICODE_STRING g_PingName = RTL_CONSTANT_STRING(L"\\Device\\PingDev");
static UNICODE_STRING g_PingLink = RTL_CONSTANT_STRING(L"\\??\\PingDev");

NTSTATUS PingCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID PingUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&g_PingLink);
    IoDeleteDevice(g_PingDevice);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    KdPrint(("pingdev: loading\n"));

    status = IoCreateDevice(DriverObject, 0, &g_PingName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_PingDevice);
    if (!NT_SUCCESS(status)) {
        KdPrint(("pingdev: IoCreateDevice failed %08x\n", status));
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PingCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PingCreateClose;
    DriverObject->DriverUnload = PingUnload;

    status = IoCreateSymbolicLink(&g_PingLink, &g_PingName);
    if (!NT_SUCCESS(status))
        IoDeleteDevice(g_PingDevice);
    return status;
}
