/*
 * ifacedev.c - DriverEntry, AddDevice and the I/O side
 */
#include <initguid.h>
#include "ifacedev.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, IfdAddDevice)
#pragma alloc_text(PAGE, IfdUnload)
#endif

NTSTATUS
DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    IFD_LOG(("DriverEntry (built %s)\n", __DATE__));

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = IfdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = IfdCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = IfdDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = IfdSystemControl;
    DriverObject->MajorFunction[IRP_MJ_PNP]            = IfdPnp;
    DriverObject->MajorFunction[IRP_MJ_POWER]          = IfdPower;

    DriverObject->DriverExtension->AddDevice = IfdAddDevice;
    DriverObject->DriverUnload               = IfdUnload;

    return STATUS_SUCCESS;
}

NTSTATUS
IfdAddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject)
{
    NTSTATUS        status;
    PDEVICE_OBJECT  fdo = NULL;
    PIFD_EXTENSION  ext;

    PAGED_CODE();

    IFD_LOG(("AddDevice pdo %p\n", PhysicalDeviceObject));

    status = IoCreateDevice(DriverObject, sizeof(IFD_EXTENSION), NULL,
                            FILE_DEVICE_IFACEDEV, FILE_DEVICE_SECURE_OPEN,
                            FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        IFD_LOG(("IoCreateDevice failed %08x\n", status));
        return status;
    }

    ext = (PIFD_EXTENSION)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self  = fdo;
    ext->Pdo   = PhysicalDeviceObject;
    ext->State = IfdNotStarted;
    IoInitializeRemoveLock(&ext->RemoveLock, IFD_TAG, 0, 0);

    ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (ext->LowerDevice == NULL) {
        IFD_LOG(("IoAttachDeviceToDeviceStack failed\n"));
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }

    /* registered now, switched on in IRP_MN_START_DEVICE */
    status = IoRegisterDeviceInterface(PhysicalDeviceObject,
                                       &GUID_DEVINTERFACE_IFACEDEV,
                                       NULL,
                                       &ext->InterfaceName);
    if (!NT_SUCCESS(status)) {
        IFD_LOG(("IoRegisterDeviceInterface failed %08x\n", status));
        IoDeleteDevice(fdo);
        return status;
    }

    fdo->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;

    IFD_LOG(("fdo %p lower %p iface %wZ\n", fdo, ext->LowerDevice, &ext->InterfaceName));
    return STATUS_SUCCESS;
}

VOID
IfdUnload(PDRIVER_OBJECT DriverObject)
{
    PAGED_CODE();
    UNREFERENCED_PARAMETER(DriverObject);

    /* all FDOs are gone by now (PnP removed them) */
    IFD_LOG(("unload\n"));
}

NTSTATUS
IfdCompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status      = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS
IfdCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIFD_EXTENSION     ext = (PIFD_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp  = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS           status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return IfdCompleteIrp(Irp, status, 0);
    }

    if (sp->MajorFunction == IRP_MJ_CREATE) {
        if (ext->State != IfdStarted) {
            status = STATUS_DEVICE_NOT_READY;
        } else {
            InterlockedIncrement(&ext->OpenCount);
        }
    } else {
        InterlockedDecrement(&ext->OpenCount);
    }

    IfdCompleteIrp(Irp, status, 0);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
IfdDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIFD_EXTENSION     ext = (PIFD_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp  = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS           status;
    ULONG_PTR          info = 0;
    PULONG             out  = (PULONG)Irp->AssociatedIrp.SystemBuffer;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return IfdCompleteIrp(Irp, status, 0);
    }

    if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
        status = STATUS_BUFFER_TOO_SMALL;
    } else {
        switch (sp->Parameters.DeviceIoControl.IoControlCode) {
        case IOCTL_IFACEDEV_GET_VERSION:
            *out = IFD_VERSION;
            info = sizeof(ULONG);
            break;
        case IOCTL_IFACEDEV_GET_OPENS:
            *out = (ULONG)ext->OpenCount;
            info = sizeof(ULONG);
            break;
        default:
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
        }
    }

    IfdCompleteIrp(Irp, status, info);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
IfdSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    PIFD_EXTENSION ext = (PIFD_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS       status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        return IfdCompleteIrp(Irp, status, 0);
    }
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
