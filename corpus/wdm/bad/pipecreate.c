/*
 * pipecreate: the control device of a file system filter's companion
 * driver, which answers every kind of create the I/O manager can send to a
 * file system's device (files, named pipes, mailslots) with one routine.
 *
 * Violating: the close routine, annotated for IRP_MJ_CLOSE, is stored for
 * the named-pipe create as well: a routine in the wrong slot (WDM005), not
 * one create routine serving the three creates.
 */
#include <ntddk.h>

static PDEVICE_OBJECT g_PcDevice;

DRIVER_UNLOAD PcUnload;
_Dispatch_type_(IRP_MJ_CREATE)
DRIVER_DISPATCH PcCreate;
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PcClose;

_Use_decl_annotations_
NTSTATUS PcCreate(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = FILE_OPENED;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS PcClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID PcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDeleteDevice(g_PcDevice);
}

DRIVER_INITIALIZE DriverEntry;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\PipeCreate");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE,
                            &g_PcDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    DriverObject->MajorFunction[IRP_MJ_CREATE] = PcCreate;
    DriverObject->MajorFunction[IRP_MJ_CREATE_NAMED_PIPE] = PcClose;   // expect: WDM005
    DriverObject->MajorFunction[IRP_MJ_CREATE_MAILSLOT] = PcCreate;    // expect: WDM007
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PcClose;
    DriverObject->DriverUnload = PcUnload;
    return STATUS_SUCCESS;
}
