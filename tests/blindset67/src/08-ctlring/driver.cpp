// driver.cpp -- CtlRing driver entry points

#include "ring.h"

using ctlring::RingDevice;

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD   RingUnload;
DRIVER_DISPATCH RingDispatch;

NTSTATUS RingDispatch(PDEVICE_OBJECT, PIRP Irp)
{
    auto      sp     = IoGetCurrentIrpStackLocation(Irp);
    auto      buf    = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS  status = STATUS_SUCCESS;
    ULONG_PTR info   = 0;

    if (sp->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        auto& p = sp->Parameters.DeviceIoControl;
        switch (p.IoControlCode) {
        case IOCTL_RING_PUSH:
            status = RingDevice::Push(buf, p.InputBufferLength);
            break;
        case IOCTL_RING_POP:
            status = RingDevice::Pop(buf, p.OutputBufferLength, &info);
            break;
        default:
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

void RingUnload(PDRIVER_OBJECT)
{
    TRACE(TRACE_INFO, "%s", "unloading");
    RingDevice::Destroy();
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = RingDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = RingDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RingDispatch;

    NTSTATUS status = RingDevice::Create(DriverObject);
    if (!NT_SUCCESS(status)) {
        TRACE(TRACE_ERR, "create failed %08X", status);
        return status;
    }

    DriverObject->DriverUnload = RingUnload;
    TRACE(TRACE_INFO, "%s", "loaded");
    return STATUS_SUCCESS;
}
