/*
 * detachlate: a legacy keyboard filter that attaches to the keyboard class
 * device in DriverEntry and keeps the filter and the device below it in two
 * globals.
 *
 * Conforming: the unload routine detaches the filter from the device below,
 * then deletes it.
 */
#include <ntddk.h>

static PDEVICE_OBJECT g_DlFilter;
static PDEVICE_OBJECT g_DlLower;

DRIVER_UNLOAD DlUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_READ)
_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH DlPass;

_Use_decl_annotations_
NTSTATUS DlPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(g_DlLower, Irp);
}

_Use_decl_annotations_
VOID DlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    IoDetachDevice(g_DlLower);
    IoDeleteDevice(g_DlFilter);
}

DRIVER_INITIALIZE DriverEntry;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(L"\\Device\\KeyboardClass0");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_KEYBOARD, 0, FALSE, &g_DlFilter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = IoAttachDevice(g_DlFilter, &target, &g_DlLower);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_DlFilter);
        return status;
    }
    g_DlFilter->Flags |= g_DlLower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DlPass;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DlPass;
    DriverObject->MajorFunction[IRP_MJ_READ] = DlPass;
    DriverObject->MajorFunction[IRP_MJ_PNP] = DlPass;
    DriverObject->DriverUnload = DlUnload;
    return STATUS_SUCCESS;
}
