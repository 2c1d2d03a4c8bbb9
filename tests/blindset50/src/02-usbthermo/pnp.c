/*
 *  pnp.c -- PnP / power handling and the USBD helper
 */
#include "thermo.h"

NTSTATUS
ThermoCallUsbd(
    PDEVICE_EXTENSION Ext,
    PURB Urb
    )
{
    KEVENT              event;
    IO_STATUS_BLOCK     iosb;
    PIRP                irp;
    PIO_STACK_LOCATION  next;
    NTSTATUS            status;

    KeInitializeEvent(&event, NotificationEvent, FALSE);

    irp = IoBuildDeviceIoControlRequest(IOCTL_INTERNAL_USB_SUBMIT_URB,
                                        Ext->LowerDevice,
                                        NULL, 0, NULL, 0,
                                        TRUE,
                                        &event,
                                        &iosb);
    if (irp == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    next = IoGetNextIrpStackLocation(irp);
    next->Parameters.Others.Argument1 = Urb;

    status = IoCallDriver(Ext->LowerDevice, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
        status = iosb.Status;
    }
    return status;
}

NTSTATUS
ThermoStartDevice(
    PDEVICE_EXTENSION Ext
    )
{
    USB_CONFIGURATION_DESCRIPTOR    hdr;
    PUSB_CONFIGURATION_DESCRIPTOR   cfg = NULL;
    PUSB_INTERFACE_DESCRIPTOR       ifd;
    USBD_INTERFACE_LIST_ENTRY       list[2];
    PURB                            urb = NULL;
    struct _URB_CONTROL_DESCRIPTOR_REQUEST descUrb;
    NTSTATUS                        status;

    UsbBuildGetDescriptorRequest((PURB)&descUrb, sizeof(descUrb),
                                 USB_CONFIGURATION_DESCRIPTOR_TYPE, 0, 0,
                                 &hdr, NULL, sizeof(hdr), NULL);
    status = ThermoCallUsbd(Ext, (PURB)&descUrb);
    if (!NT_SUCCESS(status)) goto out;

    cfg = (PUSB_CONFIGURATION_DESCRIPTOR)ExAllocatePool2(POOL_FLAG_NON_PAGED,
                                                         hdr.wTotalLength, THERMO_TAG);
    if (cfg == NULL) { status = STATUS_INSUFFICIENT_RESOURCES; goto out; }

    UsbBuildGetDescriptorRequest((PURB)&descUrb, sizeof(descUrb),
                                 USB_CONFIGURATION_DESCRIPTOR_TYPE, 0, 0,
                                 cfg, NULL, hdr.wTotalLength, NULL);
    status = ThermoCallUsbd(Ext, (PURB)&descUrb);
    if (!NT_SUCCESS(status)) goto out;

    ifd = USBD_ParseConfigurationDescriptorEx(cfg, cfg, -1, -1, -1, -1, -1);
    if (ifd == NULL) { status = STATUS_DEVICE_CONFIGURATION_ERROR; goto out; }

    list[0].InterfaceDescriptor = ifd;
    list[0].Interface = NULL;
    list[1].InterfaceDescriptor = NULL;
    list[1].Interface = NULL;

    urb = USBD_CreateConfigurationRequestEx(cfg, list);
    if (urb == NULL) { status = STATUS_INSUFFICIENT_RESOURCES; goto out; }

    status = ThermoCallUsbd(Ext, urb);
    if (NT_SUCCESS(status)) {
        Ext->ConfigHandle = urb->UrbSelectConfiguration.ConfigurationHandle;
    }

out:
    if (urb) ExFreePool(urb);
    if (cfg) ExFreePoolWithTag(cfg, THERMO_TAG);
    return status;
}

NTSTATUS
ThermoDispatchPnp(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDEVICE_EXTENSION   ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
    PIO_STACK_LOCATION  stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS            status;

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    switch (stack->MinorFunction) {

    case IRP_MN_START_DEVICE:
        status = IoForwardIrpSynchronously(ext->LowerDevice, Irp) ?
                 Irp->IoStatus.Status : STATUS_UNSUCCESSFUL;
        if (NT_SUCCESS(status)) {
            status = ThermoStartDevice(ext);
        }
        if (NT_SUCCESS(status)) {
            ext->Started = TRUE;
            IoSetDeviceInterfaceState(&ext->InterfaceName, TRUE);
        }
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        IoReleaseRemoveLock(&ext->RemoveLock, Irp);
        return status;

    case IRP_MN_SURPRISE_REMOVAL:
        ext->Started = FALSE;
        IoSetDeviceInterfaceState(&ext->InterfaceName, FALSE);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        if (ext->Started) {
            ext->Started = FALSE;
            IoSetDeviceInterfaceState(&ext->InterfaceName, FALSE);
        }
        IoReleaseRemoveLockAndWait(&ext->RemoveLock, Irp);

        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->LowerDevice, Irp);

        RtlFreeUnicodeString(&ext->InterfaceName);
        IoDetachDevice(ext->LowerDevice);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}

NTSTATUS
ThermoDispatchPower(
    _In_ PDEVICE_OBJECT DeviceObject,
    _Inout_ PIRP Irp
    )
{
    PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
    NTSTATUS status;

    PoStartNextPowerIrp(Irp);

    status = IoAcquireRemoveLock(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(status)) {
        Irp->IoStatus.Status = status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return status;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    status = PoCallDriver(ext->LowerDevice, Irp);
    IoReleaseRemoveLock(&ext->RemoveLock, Irp);
    return status;
}
