/*
 * lowercopy: a legacy mouse filter whose device extension records the
 * device below it. The unload routine reads the device below out of the
 * extension into a local before it tears the filter down.
 *
 * Conforming: the filter is detached from the device below, then deleted.
 */
#include <ntddk.h>

typedef struct _LC_EXTENSION {
    PDEVICE_OBJECT Lower;
    ULONG Moves;
} LC_EXTENSION, *PLC_EXTENSION;

static struct {
    PDEVICE_OBJECT Filter;
} g_Lc;

DRIVER_UNLOAD LcUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_READ)
_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH LcPass;

_Use_decl_annotations_
NTSTATUS LcPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PLC_EXTENSION ext = (PLC_EXTENSION)DeviceObject->DeviceExtension;
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

_Use_decl_annotations_
VOID LcUnload(PDRIVER_OBJECT DriverObject)
{
    PLC_EXTENSION ext;
    PDEVICE_OBJECT lower;

    UNREFERENCED_PARAMETER(DriverObject);
    ext = (PLC_EXTENSION)g_Lc.Filter->DeviceExtension;
    lower = ext->Lower;
    KdPrint(("lowercopy: %lu moves\n", ext->Moves));
    IoDetachDevice(lower);
    IoDeleteDevice(g_Lc.Filter);
}

DRIVER_INITIALIZE DriverEntry;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    UNICODE_STRING target = RTL_CONSTANT_STRING(L"\\Device\\PointerClass0");
    PDEVICE_OBJECT filter;
    PLC_EXTENSION ext;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, sizeof(LC_EXTENSION), NULL, FILE_DEVICE_MOUSE, 0, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = (PLC_EXTENSION)filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    status = IoAttachDevice(filter, &target, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(filter);
        return status;
    }
    filter->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO);
    g_Lc.Filter = filter;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = LcPass;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = LcPass;
    DriverObject->MajorFunction[IRP_MJ_READ] = LcPass;
    DriverObject->MajorFunction[IRP_MJ_PNP] = LcPass;
    DriverObject->DriverUnload = LcUnload;
    return STATUS_SUCCESS;
}
