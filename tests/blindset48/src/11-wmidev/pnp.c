/*
 * pnp.c - AddDevice, PnP and power dispatch for the WmiDev FDO.
 */
#include "wmidev.h"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, WdAddDevice)
#pragma alloc_text(PAGE, WdDispatchPnp)
#endif

NTSTATUS
WdAddDevice(_In_ PDRIVER_OBJECT DriverObject, _In_ PDEVICE_OBJECT PhysicalDeviceObject)
{
    PDEVICE_OBJECT fdo = NULL;
    PWD_EXTENSION  ext;
    NTSTATUS       status;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject, sizeof(WD_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &fdo);
    if (!NT_SUCCESS(status)) {
        WD_DBG("IoCreateDevice 0x%08X", status);
        return status;
    }

    ext = (PWD_EXTENSION)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fdo;
    ext->Pdo = PhysicalDeviceObject;
    ext->PnpState = WdNotStarted;
    IoInitializeRemoveLock(&ext->RemoveLock, WD_TAG, 0, 0);

    ext->Lower = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (ext->Lower == NULL) {
        status = STATUS_NO_SUCH_DEVICE;
        goto DeleteDevice;
    }

    status = IoRegisterDeviceInterface(PhysicalDeviceObject, &GUID_DEVINTERFACE_WMIDEV, NULL,
                                       &ext->InterfaceName);
    if (!NT_SUCCESS(status)) {
        WD_DBG("IoRegisterDeviceInterface 0x%08X", status);
        goto Detach;
    }

    WdWmiInit(ext);
    status = WdWmiRegister(ext);
    if (!NT_SUCCESS(status)) {
        WD_DBG("IoWMIRegistrationControl 0x%08X", status);
        goto FreeInterfaceName;
    }

    fdo->Flags |= ext->Lower->Flags & (DO_BUFFERED_IO | DO_DIRECT_IO | DO_POWER_PAGABLE);
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;

FreeInterfaceName:
    RtlFreeUnicodeString(&ext->InterfaceName);
Detach:
    IoDetachDevice(ext->Lower);
DeleteDevice:
    IoDeleteDevice(fdo);
    return status;
}

static NTSTATUS
WdPassDown(_In_ PWD_EXTENSION Ext, _Inout_ PIRP Irp)
{
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(Ext->Lower, Irp);
}

NTSTATUS
WdDispatchPnp(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PWD_EXTENSION      ext = (PWD_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS           status;

    PAGED_CODE();

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (sp->MinorFunction) {
    case IRP_MN_START_DEVICE:
        /* lower drivers first */
        if (IoForwardIrpSynchronously(ext->Lower, Irp)) {
            status = Irp->IoStatus.Status;
        } else {
            status = STATUS_UNSUCCESSFUL;
        }
        if (NT_SUCCESS(status)) {
            ext->PnpState = WdStarted;
            ext->Counters.StartCount++;
            (VOID)IoSetDeviceInterfaceState(&ext->InterfaceName, TRUE);
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;

    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_QUERY_REMOVE_DEVICE:
        ext->PnpState = WdStopPending;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
        ext->PnpState = WdStarted;
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_SURPRISE_REMOVAL:
        ext->PnpState = WdSurpriseRemoved;
        (VOID)IoSetDeviceInterfaceState(&ext->InterfaceName, FALSE);
        WdWmiDeregister(ext);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        if (ext->PnpState != WdSurpriseRemoved) {
            (VOID)IoSetDeviceInterfaceState(&ext->InterfaceName, FALSE);
        }
        ext->PnpState = WdDeleted;
        WdWmiDeregister(ext);

        Irp->IoStatus.Status = STATUS_SUCCESS;
        status = WdPassDown(ext, Irp);

        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);
        IoDetachDevice(ext->Lower);
        RtlFreeUnicodeString(&ext->InterfaceName);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        break;
    }

    status = WdPassDown(ext, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
WdDispatchPower(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    PWD_EXTENSION ext = (PWD_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS      status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        PoStartNextPowerIrp(Irp);
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(ext->Lower, Irp);

    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
