/*
 * fsshutdown.c - a small read-only file system's DriverEntry. It creates its
 * control device, registers it with IoRegisterFileSystem and keeps it for the
 * system's lifetime: a file system is not unloaded while volumes are
 * mounted, so its unload routine only drops its reference on the global
 * state, and the IRP_MJ_SHUTDOWN routine unregisters and deletes the control
 * device, as file-system samples do; but this one forgets to delete it.
 */

#include <ntifs.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD RofsUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_FILE_SYSTEM_CONTROL)
DRIVER_DISPATCH RofsDispatch;
_Dispatch_type_(IRP_MJ_SHUTDOWN)
DRIVER_DISPATCH RofsShutdown;

static PDEVICE_OBJECT RofsControl;
static volatile LONG RofsReferences;

VOID
RofsUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    InterlockedDecrement(&RofsReferences);
}

NTSTATUS
RofsDispatch(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
}

NTSTATUS
RofsShutdown(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);
    if (RofsControl != NULL) {
        IoUnregisterFileSystem(RofsControl);
        RofsControl = NULL;
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);
    RtlInitUnicodeString(&name, L"\\Rofs");
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_DISK_FILE_SYSTEM, 0, FALSE, &RofsControl);  // expect: DE011
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RofsDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RofsDispatch;
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = RofsDispatch;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = RofsShutdown;
    DriverObject->DriverUnload = RofsUnload;

    InterlockedIncrement(&RofsReferences);
    IoRegisterFileSystem(RofsControl);
    return STATUS_SUCCESS;
}
