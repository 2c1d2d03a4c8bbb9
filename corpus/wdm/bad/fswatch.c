/*
 * fswatch.c - legacy file-system filter of a backup agent: it creates a
 * control device for its service and asks to be told of every file system
 * that registers (IoRegisterFsRegistrationChange), to attach to the volumes
 * it backs up. The notification routine only counts the file systems here.
 *
 * BUG (DE011): the unload routine deletes the link and the device but never
 * calls IoUnregisterFsRegistrationChange: the next file system that mounts
 * or goes away calls FwNotify in an unloaded image.
 */

#include <ntifs.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD FwUnload;
static VOID NTAPI FwNotify(_In_ PDEVICE_OBJECT DeviceObject, _In_ BOOLEAN FsActive);
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH FwCreateClose;

static UNICODE_STRING FwLink = RTL_CONSTANT_STRING(L"\\DosDevices\\FsWatch");
static volatile LONG FwFileSystems;

static VOID NTAPI
FwNotify(PDEVICE_OBJECT DeviceObject, BOOLEAN FsActive)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    if (FsActive) {
        InterlockedIncrement(&FwFileSystems);
    } else {
        InterlockedDecrement(&FwFileSystems);
    }
}

_Use_decl_annotations_
NTSTATUS
FwCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
FwUnload(PDRIVER_OBJECT DriverObject)
{
    IoDeleteSymbolicLink(&FwLink);
    IoDeleteDevice(DriverObject->DeviceObject);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"\\Device\\FsWatch");
    PDEVICE_OBJECT device;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN, FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoRegisterFsRegistrationChange(DriverObject, FwNotify); // expect: DE011
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    status = IoCreateSymbolicLink(&FwLink, &name);
    if (!NT_SUCCESS(status)) {
        IoUnregisterFsRegistrationChange(DriverObject, FwNotify);
        IoDeleteDevice(device);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = FwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = FwCreateClose;
    DriverObject->DriverUnload = FwUnload;
    return STATUS_SUCCESS;
}
