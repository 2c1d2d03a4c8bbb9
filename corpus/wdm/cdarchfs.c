/*
 * cdarchfs.c - read-only file system for the archive disc format the
 * vault jukebox writes. It registers a CD-ROM file-system control device
 * with the I/O manager; volumes are mounted through IRP_MJ_FILE_SYSTEM_CONTROL.
 *
 * A file system is not a PnP function driver: it has no AddDevice. It
 * still dispatches IRP_MJ_PNP, because PnP IRPs for a volume (query
 * remove, surprise removal) are sent to the file system stacked on it.
 */

#include <ntifs.h>

#define CDARCH_TAG          'hrAC'
#define CDARCH_DEVICE_NAME  L"\\CdArchFs"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD CdArchUnload;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
_Dispatch_type_(IRP_MJ_CLEANUP)
DRIVER_DISPATCH CdArchCreateClose;

_Dispatch_type_(IRP_MJ_FILE_SYSTEM_CONTROL)
DRIVER_DISPATCH CdArchFsControl;

_Dispatch_type_(IRP_MJ_PNP)
DRIVER_DISPATCH CdArchPnp;

static PDEVICE_OBJECT CdArchControlDevice;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, CdArchUnload)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                                    // expect-entry: wdm
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    UNICODE_STRING deviceName;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlInitUnicodeString(&deviceName, CDARCH_DEVICE_NAME);

    status = IoCreateDevice(DriverObject,
                            0,
                            &deviceName,
                            FILE_DEVICE_CD_ROM_FILE_SYSTEM,
                            0,
                            FALSE,
                            &CdArchControlDevice);
    if (!NT_SUCCESS(status)) {
        KdPrint(("CdArchFs: control device not created 0x%08X\n", status));
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]              = CdArchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]               = CdArchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP]             = CdArchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_FILE_SYSTEM_CONTROL] = CdArchFsControl;
    DriverObject->MajorFunction[IRP_MJ_PNP]                 = CdArchPnp;
    DriverObject->DriverUnload                              = CdArchUnload;

    CdArchControlDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    /* From here on the I/O manager offers every new CD volume to us. */
    IoRegisterFileSystem(CdArchControlDevice);

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
CdArchUnload(
    PDRIVER_OBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);

    PAGED_CODE();

    IoUnregisterFileSystem(CdArchControlDevice);
    IoDeleteDevice(CdArchControlDevice);
}

_Use_decl_annotations_
NTSTATUS
CdArchCreateClose(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
CdArchFsControl(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    UNREFERENCED_PARAMETER(DeviceObject);

    /* Mounting is not written yet: refuse every volume. */
    Irp->IoStatus.Status = STATUS_UNRECOGNIZED_VOLUME;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_UNRECOGNIZED_VOLUME;
}

_Use_decl_annotations_
NTSTATUS
CdArchPnp(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    NTSTATUS status = Irp->IoStatus.Status;

    UNREFERENCED_PARAMETER(DeviceObject);

    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
