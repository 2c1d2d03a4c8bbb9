// pnp.cpp -- PnP, power and I/O dispatch
#include "usbcomm.h"
extern "C" {
#include <ntddser.h>
}

using namespace usbcomm;

NTSTATUS
Driver::CallUsbd(UC_EXTENSION* ext, PURB urb)
{
    KEVENT event;
    IO_STATUS_BLOCK iosb;
    KeInitializeEvent(&event, NotificationEvent, FALSE);

    PIRP irp = IoBuildDeviceIoControlRequest(IOCTL_INTERNAL_USB_SUBMIT_URB, ext->LowerDevice,
                                             nullptr, 0, nullptr, 0, TRUE, &event, &iosb);
    if (!irp) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    IoGetNextIrpStackLocation(irp)->Parameters.Others.Argument1 = urb;

    NTSTATUS status = IoCallDriver(ext->LowerDevice, irp);
    if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr);
        status = iosb.Status;
    }
    return status;
}

NTSTATUS
Driver::StartDevice(UC_EXTENSION* ext)
{
    NTSTATUS status;
    PUSB_CONFIGURATION_DESCRIPTOR cfg = nullptr;
    PURB selUrb = nullptr;
    USB_CONFIGURATION_DESCRIPTOR hdr = {};
    _URB_CONTROL_DESCRIPTOR_REQUEST dreq;
    USBD_INTERFACE_LIST_ENTRY ifl[2] = {};

    UsbBuildGetDescriptorRequest(reinterpret_cast<PURB>(&dreq), sizeof(dreq),
                                 USB_CONFIGURATION_DESCRIPTOR_TYPE, 0, 0,
                                 &hdr, nullptr, sizeof(hdr), nullptr);
    CHECK(CallUsbd(ext, reinterpret_cast<PURB>(&dreq)), done);

    cfg = static_cast<PUSB_CONFIGURATION_DESCRIPTOR>(
              ExAllocatePool2(POOL_FLAG_NON_PAGED, hdr.wTotalLength, UC_TAG));
    if (!cfg) { status = STATUS_INSUFFICIENT_RESOURCES; goto done; }

    UsbBuildGetDescriptorRequest(reinterpret_cast<PURB>(&dreq), sizeof(dreq),
                                 USB_CONFIGURATION_DESCRIPTOR_TYPE, 0, 0,
                                 cfg, nullptr, hdr.wTotalLength, nullptr);
    CHECK(CallUsbd(ext, reinterpret_cast<PURB>(&dreq)), done);

    // the data interface is the one with two bulk endpoints
    ifl[0].InterfaceDescriptor = USBD_ParseConfigurationDescriptorEx(cfg, cfg, -1, -1,
                                                                     USB_DEVICE_CLASS_CDC_DATA, -1, -1);
    if (!ifl[0].InterfaceDescriptor) { status = STATUS_DEVICE_CONFIGURATION_ERROR; goto done; }

    selUrb = USBD_CreateConfigurationRequestEx(cfg, ifl);
    if (!selUrb) { status = STATUS_INSUFFICIENT_RESOURCES; goto done; }
    CHECK(CallUsbd(ext, selUrb), done);

    ext->ConfigHandle = selUrb->UrbSelectConfiguration.ConfigurationHandle;
    for (ULONG i = 0; i < ifl[0].Interface->NumberOfPipes; ++i) {
        auto& p = ifl[0].Interface->Pipes[i];
        if (p.PipeType != UsbdPipeTypeBulk) continue;
        if (USB_ENDPOINT_DIRECTION_IN(p.EndpointAddress)) ext->BulkIn = p.PipeHandle;
        else                                              ext->BulkOut = p.PipeHandle;
    }
    status = (ext->BulkIn && ext->BulkOut) ? SetLineCoding(ext, ext->Coding)
                                           : STATUS_DEVICE_CONFIGURATION_ERROR;
done:
    if (selUrb) ExFreePool(selUrb);
    if (cfg) ExFreePoolWithTag(cfg, UC_TAG);
    return status;
}

NTSTATUS
Driver::SetLineCoding(UC_EXTENSION* ext, const LINE_CODING& lc)
{
    _URB_CONTROL_VENDOR_OR_CLASS_REQUEST urb;
    LINE_CODING copy = lc;

    UsbBuildVendorRequest(reinterpret_cast<PURB>(&urb), URB_FUNCTION_CLASS_INTERFACE,
                          sizeof(urb), USBD_TRANSFER_DIRECTION_OUT, 0,
                          CDC_SET_LINE_CODING, 0, 0, &copy, nullptr, sizeof(copy), nullptr);
    NTSTATUS status = CallUsbd(ext, reinterpret_cast<PURB>(&urb));
    if (NT_SUCCESS(status)) ext->Coding = lc;
    return status;
}

NTSTATUS
Driver::DispatchPnp(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto ext = static_cast<UC_EXTENSION*>(DeviceObject->DeviceExtension);
    RemoveLockGuard guard(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(guard.Status())) {
        return CompleteIrp(Irp, guard.Status());
    }

    NTSTATUS status;
    switch (IoGetCurrentIrpStackLocation(Irp)->MinorFunction) {
    case IRP_MN_START_DEVICE:
        status = IoForwardIrpSynchronously(ext->LowerDevice, Irp) ? Irp->IoStatus.Status
                                                                  : STATUS_UNSUCCESSFUL;
        if (NT_SUCCESS(status)) status = StartDevice(ext);
        if (NT_SUCCESS(status)) {
            ext->Started = true;
            IoSetDeviceInterfaceState(&ext->IfName, TRUE);
        }
        return CompleteIrp(Irp, status);

    case IRP_MN_SURPRISE_REMOVAL:
        ext->Started = false;
        IoSetDeviceInterfaceState(&ext->IfName, FALSE);
        Irp->IoStatus.Status = STATUS_SUCCESS;
        break;

    case IRP_MN_REMOVE_DEVICE:
        if (ext->Started) {
            ext->Started = false;
            IoSetDeviceInterfaceState(&ext->IfName, FALSE);
        }
        guard.ReleaseAndWait();
        Irp->IoStatus.Status = STATUS_SUCCESS;
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->LowerDevice, Irp);

        RtlFreeUnicodeString(&ext->IfName);
        ExFreePoolWithTag(ext->NotifyBuf, UC_TAG);
        IoDetachDevice(ext->LowerDevice);
        IoDeleteDevice(DeviceObject);
        return status;

    default:
        break;
    }

    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS
Driver::DispatchPower(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto ext = static_cast<UC_EXTENSION*>(DeviceObject->DeviceExtension);
    PoStartNextPowerIrp(Irp);
    RemoveLockGuard guard(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(guard.Status())) {
        return CompleteIrp(Irp, guard.Status());
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return PoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS
Driver::DispatchOther(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto ext = static_cast<UC_EXTENSION*>(DeviceObject->DeviceExtension);
    RemoveLockGuard guard(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(guard.Status())) {
        return CompleteIrp(Irp, guard.Status());
    }
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerDevice, Irp);
}

NTSTATUS
Driver::DispatchCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto ext = static_cast<UC_EXTENSION*>(DeviceObject->DeviceExtension);
    return CompleteIrp(Irp, ext->Started ? STATUS_SUCCESS : STATUS_DEVICE_NOT_READY);
}

NTSTATUS
Driver::DispatchReadWrite(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto ext = static_cast<UC_EXTENSION*>(DeviceObject->DeviceExtension);
    RemoveLockGuard guard(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(guard.Status())) {
        return CompleteIrp(Irp, guard.Status());
    }

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    bool isRead = stack->MajorFunction == IRP_MJ_READ;
    ULONG len = isRead ? stack->Parameters.Read.Length : stack->Parameters.Write.Length;
    if (len == 0) {
        return CompleteIrp(Irp, STATUS_SUCCESS);
    }

    // buffered I/O: SystemBuffer is nonpaged and ours until we complete
    _URB_BULK_OR_INTERRUPT_TRANSFER urb;
    UsbBuildInterruptOrBulkTransferRequest(reinterpret_cast<PURB>(&urb), sizeof(urb),
        isRead ? ext->BulkIn : ext->BulkOut, Irp->AssociatedIrp.SystemBuffer, nullptr, len,
        (isRead ? USBD_TRANSFER_DIRECTION_IN : USBD_TRANSFER_DIRECTION_OUT) | USBD_SHORT_TRANSFER_OK,
        nullptr);

    NTSTATUS status = CallUsbd(ext, reinterpret_cast<PURB>(&urb));
    return CompleteIrp(Irp, status, NT_SUCCESS(status) ? urb.TransferBufferLength : 0);
}

NTSTATUS
Driver::DispatchIoctl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    auto ext = static_cast<UC_EXTENSION*>(DeviceObject->DeviceExtension);
    RemoveLockGuard guard(&ext->RemoveLock, Irp);
    if (!NT_SUCCESS(guard.Status())) {
        return CompleteIrp(Irp, guard.Status());
    }

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto br = static_cast<PSERIAL_BAUD_RATE>(Irp->AssociatedIrp.SystemBuffer);

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SERIAL_SET_BAUD_RATE: {
        if (stack->Parameters.DeviceIoControl.InputBufferLength < sizeof(*br))
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
        LINE_CODING lc = ext->Coding;
        lc.DteRate = br->BaudRate;
        return CompleteIrp(Irp, SetLineCoding(ext, lc));
    }
    case IOCTL_SERIAL_GET_BAUD_RATE:
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(*br))
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
        br->BaudRate = ext->Coding.DteRate;
        return CompleteIrp(Irp, STATUS_SUCCESS, sizeof(*br));
    default:
        return CompleteIrp(Irp, STATUS_NOT_SUPPORTED);
    }
}
