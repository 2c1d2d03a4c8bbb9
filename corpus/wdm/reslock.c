/*
 * reslock.c - "cfgstore", a legacy driver that keeps a configuration table
 * behind an ERESOURCE (readers share it, the IOCTL that replaces it takes it
 * exclusive). The resource is initialized first and deleted on every failure
 * and at unload: an initialized ERESOURCE sits on the system's resource list.
 */

#include <ntddk.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CsUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH CsCreateClose;

static ERESOURCE CsTableLock;
static PDEVICE_OBJECT CsDevice;
static UNICODE_STRING CsName = RTL_CONSTANT_STRING(L"\\Device\\CfgStore");
static UNICODE_STRING CsLink = RTL_CONSTANT_STRING(L"\\DosDevices\\CfgStore");

NTSTATUS CsCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID CsUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteSymbolicLink(&CsLink);
    IoDeleteDevice(CsDevice);
    ExDeleteResourceLite(&CsTableLock);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)   // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    ExInitializeResourceLite(&CsTableLock);

    status = IoCreateDevice(DriverObject, 0, &CsName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &CsDevice);
    if (!NT_SUCCESS(status))
        goto fail;

    status = IoCreateSymbolicLink(&CsLink, &CsName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(CsDevice);
        goto fail;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CsCreateClose;
    DriverObject->DriverUnload = CsUnload;
    return STATUS_SUCCESS;

fail:
    ExDeleteResourceLite(&CsTableLock);
    return status;
}
