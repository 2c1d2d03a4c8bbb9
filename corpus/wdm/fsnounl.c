/*
 * fsnounl.c - "tapefs", a read-only file system for archived tape images.
 * DriverEntry creates the file system's control device and registers it with
 * IoRegisterFileSystem. It sets no DriverUnload on purpose: a file system is
 * not a WDM driver (an Unload routine is optional for it) and is not unloaded
 * while a volume is mounted, so tapefs stays loaded until the system stops.
 */

#include <ntifs.h>

#define TAPEFS_TAG 'sFpT'

DRIVER_INITIALIZE DriverEntry;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH TfsCreateClose;

_Dispatch_type_(IRP_MJ_FILE_SYSTEM_CONTROL)
DRIVER_DISPATCH TfsFsControl;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, TfsCreateClose)
#pragma alloc_text(PAGE, TfsFsControl)
#endif

static PDEVICE_OBJECT TfsControlDevice;

NTSTATUS
DriverEntry(                                                    // expect-entry: wdm
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING name;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlInitUnicodeString(&name, L"\\FileSystem\\TapeFs");
    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_DISK_FILE_SYSTEM,
                            0, FALSE, &TfsControlDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]              = TfsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]               = TfsCreateClose;
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = TfsFsControl;

    /* No DriverUnload: see the comment at the top. */
    TfsControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;
    IoRegisterFileSystem(TfsControlDevice);
    return STATUS_SUCCESS;
}

NTSTATUS
TfsCreateClose(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = FILE_OPENED;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS
TfsFsControl(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DeviceObject);

    /* Mounting is not written yet: no volume is recognized. */
    Irp->IoStatus.Status = STATUS_UNRECOGNIZED_VOLUME;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_UNRECOGNIZED_VOLUME;
}
