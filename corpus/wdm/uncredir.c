/*
 * uncredir.c - network redirector of a document-management client: an
 * unnamed network file-system device registered with the multiple UNC
 * provider (FsRtlRegisterUncProviderEx), so that \\dms\... paths reach it,
 * and a shutdown notification to flush its cache.
 *
 * The MUP handle is given back with FsRtlDeregisterUncProvider when a later
 * step fails and in the unload routine.
 *
 * Conforming: DE006 (every failure path) and DE011 (the unload routine).
 */

#include <ntifs.h>

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD UrUnload;
_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH UrCreateClose;
_Dispatch_type_(IRP_MJ_SHUTDOWN)
DRIVER_DISPATCH UrShutdown;

static HANDLE UrMupHandle;
static PDEVICE_OBJECT UrDevice;

_Use_decl_annotations_
NTSTATUS
UrCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
NTSTATUS
UrShutdown(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
UrUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    FsRtlDeregisterUncProvider(UrMupHandle);
    IoUnregisterShutdownNotification(UrDevice);
    IoDeleteDevice(UrDevice);
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: wdm
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    UNICODE_STRING redirName = RTL_CONSTANT_STRING(L"\\Device\\DmsRedirector");
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_NETWORK_FILE_SYSTEM,
                            FILE_REMOTE_DEVICE, FALSE, &UrDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = FsRtlRegisterUncProviderEx(&UrMupHandle, &redirName, UrDevice, 0);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(UrDevice);
        return status;
    }

    status = IoRegisterShutdownNotification(UrDevice);
    if (!NT_SUCCESS(status)) {
        FsRtlDeregisterUncProvider(UrMupHandle);
        IoDeleteDevice(UrDevice);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = UrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = UrCreateClose;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = UrShutdown;
    DriverObject->DriverUnload = UrUnload;
    return STATUS_SUCCESS;
}
