/*
 * widehdr.c (violating) - the twin of ../../../encodings/widehdr.c whose
 * teardown helper, in the UTF-16LE header widehdr.h, deletes the device
 * but never the symbolic link: after unload the link names a device that
 * is gone and the next load cannot create it. Seen only when the header is
 * read. Expected: DE011.
 */

#include <ntddk.h>
#include "widehdr.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WhUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH WhCreateClose;

WH_GLOBALS g_Wh;

NTSTATUS WhCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

VOID WhUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    WhTeardown();
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) // expect-entry: wdm
{
    UNICODE_STRING name;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    RtlInitUnicodeString(&name, WH_DEVICE_NAME);
    RtlInitUnicodeString(&g_Wh.Link, WH_LINK_NAME);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &g_Wh.Device);
    if (!NT_SUCCESS(status))
        return status;

    status = IoCreateSymbolicLink(&g_Wh.Link, &name);  // expect: DE011
    if (!NT_SUCCESS(status)) {
        WhTeardown();
        return status;
    }
    g_Wh.LinkMade = TRUE;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = WhCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = WhCreateClose;
    DriverObject->DriverUnload = WhUnload;
    return STATUS_SUCCESS;
}
