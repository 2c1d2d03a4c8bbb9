/*
 * refself: a legacy filter that attaches to a named target device and
 * keeps, in each filter device's extension, a pointer back to the device
 * itself and to the device below it. The unload routine walks the list of
 * extensions it keeps.
 *
 * Conforming: the filter's device object carries a reference the driver
 * took when it created it (ObReferenceObject), kept until the image goes:
 * IoDeleteDevice then only marks it for deletion, the extension stays, and
 * the log's pointer read after it is still the driver's memory.
 */
#include <ntddk.h>

typedef struct _BL_EXTENSION {
    PDEVICE_OBJECT Self;
    PDEVICE_OBJECT Lower;
    PVOID Log;
    LIST_ENTRY Link;
} BL_EXTENSION, *PBL_EXTENSION;

static LIST_ENTRY g_BlFilters;

DRIVER_UNLOAD BlUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_READ)
_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH BlPass;

_Use_decl_annotations_
NTSTATUS BlPass(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PBL_EXTENSION ext = (PBL_EXTENSION)DeviceObject->DeviceExtension;
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->Lower, Irp);
}

static NTSTATUS BlAttach(PDRIVER_OBJECT DriverObject, PCWSTR TargetName)
{
    UNICODE_STRING name;
    PDEVICE_OBJECT filter;
    PBL_EXTENSION ext;
    NTSTATUS status;

    status = IoCreateDevice(DriverObject, sizeof(BL_EXTENSION), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &filter);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ext = (PBL_EXTENSION)filter->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = filter;
    ObReferenceObject(filter);
    ext->Log = ExAllocatePool2(POOL_FLAG_NON_PAGED, PAGE_SIZE, 'gLlB');
    if (ext->Log == NULL) {
        IoDeleteDevice(filter);
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    RtlInitUnicodeString(&name, TargetName);
    status = IoAttachDevice(filter, &name, &ext->Lower);
    if (!NT_SUCCESS(status)) {
        ExFreePoolWithTag(ext->Log, 'gLlB');
        IoDeleteDevice(filter);
        return status;
    }
    filter->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO);
    filter->Flags &= ~DO_DEVICE_INITIALIZING;
    InsertTailList(&g_BlFilters, &ext->Link);
    return STATUS_SUCCESS;
}

static VOID BlDetachAll(VOID)
{
    PLIST_ENTRY entry;
    PBL_EXTENSION ext;

    while (!IsListEmpty(&g_BlFilters)) {
        entry = RemoveHeadList(&g_BlFilters);
        ext = CONTAINING_RECORD(entry, BL_EXTENSION, Link);
        IoDetachDevice(ext->Lower);
        IoDeleteDevice(ext->Self);
        ExFreePoolWithTag(ext->Log, 'gLlB');
    }
}

_Use_decl_annotations_
VOID BlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    BlDetachAll();
}

DRIVER_INITIALIZE DriverEntry;

_Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)  // expect-entry: wdm
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    InitializeListHead(&g_BlFilters);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = BlPass;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = BlPass;
    DriverObject->MajorFunction[IRP_MJ_READ] = BlPass;
    DriverObject->MajorFunction[IRP_MJ_PNP] = BlPass;
    DriverObject->DriverUnload = BlUnload;

    status = BlAttach(DriverObject, L"\\Device\\KeyboardClass0");
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return STATUS_SUCCESS;
}
