/*
 * PNP.C - AddDevice, IRP_MJ_PNP and IRP_MJ_POWER handling for FANCTL.
 */

#include <ntddk.h>
#include "FANCTL.H"

#ifdef ALLOC_PRAGMA
#pragma alloc_text(PAGE, FanAddDevice)
#pragma alloc_text(PAGE, FanDispatchPnp)
#endif

_Use_decl_annotations_
NTSTATUS
FanAddDevice(
    PDRIVER_OBJECT DriverObject,
    PDEVICE_OBJECT PhysicalDeviceObject
    )
{
    NTSTATUS status;
    PDEVICE_OBJECT fdo = NULL;
    PFANCTL_EXTENSION ext;
    ULONG i;

    PAGED_CODE();

    status = IoCreateDevice(DriverObject,
                            sizeof(FANCTL_EXTENSION),
                            NULL,
                            FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &fdo);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ext = (PFANCTL_EXTENSION)fdo->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->Self = fdo;
    ext->Pdo = PhysicalDeviceObject;
    ext->PnpState = FanNotStarted;
    for (i = 0; i < FANCTL_MAX_FANS; i++) {
        ext->DutyCycle[i] = FanGlobals.DefaultDutyCycle;
    }
    IoInitializeRemoveLock(&ext->RemoveLock, FANCTL_POOL_TAG, 0, 0);

    status = IoRegisterDeviceInterface(PhysicalDeviceObject,
                                       &GUID_DEVINTERFACE_FANCTL,
                                       NULL,
                                       &ext->InterfaceName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(fdo);
        return status;
    }

    ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
    if (ext->LowerDevice == NULL) {
        RtlFreeUnicodeString(&ext->InterfaceName);
        IoDeleteDevice(fdo);
        return STATUS_NO_SUCH_DEVICE;
    }

    fdo->Flags |= DO_POWER_PAGABLE;
    fdo->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

NTSTATUS
FanForwardAndForget(
    _In_ PFANCTL_EXTENSION Extension,
    _Inout_ PIRP Irp
    )
{
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(Extension->LowerDevice, Irp);
}

_Use_decl_annotations_
NTSTATUS
FanDispatchPnp(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PFANCTL_EXTENSION ext = (PFANCTL_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status;

    PAGED_CODE();

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (irpSp->MinorFunction) {
    case IRP_MN_START_DEVICE:
        /* Resources are mapped once the lower stack has started. */
        if (IoForwardIrpSynchronously(ext->LowerDevice, Irp)) {
            status = Irp->IoStatus.Status;
            if (NT_SUCCESS(status)) {
                ext->PnpState = FanStarted;
                IoSetDeviceInterfaceState(&ext->InterfaceName, TRUE);
            }
        } else {
            status = STATUS_UNSUCCESSFUL;
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;

    case IRP_MN_REMOVE_DEVICE:
        ext->PnpState = FanDeleted;
        IoSetDeviceInterfaceState(&ext->InterfaceName, FALSE);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->LowerDevice, Irp);
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);
        RtlFreeUnicodeString(&ext->InterfaceName);
        IoDetachDevice(ext->LowerDevice);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        status = FanForwardAndForget(ext, Irp);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;
    }
}

_Use_decl_annotations_
NTSTATUS
FanDispatchPower(
    PDEVICE_OBJECT DeviceObject,
    PIRP Irp
    )
{
    PFANCTL_EXTENSION ext = (PFANCTL_EXTENSION)DeviceObject->DeviceExtension;

    /* The fans keep their duty cycle across Dx; nothing to save. */
    PoStartNextPowerIrp(Irp);
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->LowerDevice, Irp);
}
