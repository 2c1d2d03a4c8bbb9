//
// driver.cpp - ImgWatch entry, unload, control device
//
#include "imgwatch.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

DRIVER_UNLOAD   IwUnload;
DRIVER_DISPATCH IwCreateClose;
DRIVER_DISPATCH IwControl;

PDEVICE_OBJECT g_device;
UNICODE_STRING g_link = RTL_CONSTANT_STRING(IW_LINK_NAME);

NTSTATUS Finish(PIRP irp, NTSTATUS status, ULONG_PTR info)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS IwCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return Finish(irp, STATUS_SUCCESS, 0);
}

NTSTATUS IwControl(PDEVICE_OBJECT, PIRP irp)
{
    auto sp = IoGetCurrentIrpStackLocation(irp);
    const ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;
    auto buffer = irp->AssociatedIrp.SystemBuffer;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_IW_READ: {
        const ULONG max = outLen / sizeof(IwRecord);
        if (!max)
            return Finish(irp, STATUS_BUFFER_TOO_SMALL, 0);
        ULONG n = iw::EventStore::Pop(static_cast<IwRecord*>(buffer), max);
        return Finish(irp, STATUS_SUCCESS, n * sizeof(IwRecord));
    }
    case IOCTL_IW_COUNT:
        if (outLen < sizeof(ULONG))
            return Finish(irp, STATUS_BUFFER_TOO_SMALL, 0);
        *static_cast<ULONG*>(buffer) = iw::EventStore::Count();
        return Finish(irp, STATUS_SUCCESS, sizeof(ULONG));
    }
    return Finish(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

void IwUnload(PDRIVER_OBJECT)
{
    // stop the producers first, then throw away what they produced
    iw::notify::UnregisterAll();
    iw::EventStore::Destroy();

    IoDeleteSymbolicLink(&g_link);
    IoDeleteDevice(g_device);
    g_device = nullptr;

    IWLOG("unloaded");
}

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(IW_DEVICE_NAME);

    // the store must exist before any notify routine can fire
    iw::EventStore::Init();

    auto status = IoCreateDevice(DriverObject, 0, &devName, IW_DEVTYPE,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &g_device);
    if (!NT_SUCCESS(status)) {
        IWLOG("IoCreateDevice failed 0x%08X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&g_link, &devName);
    if (!NT_SUCCESS(status)) {
        IWLOG("IoCreateSymbolicLink failed 0x%08X", status);
        IoDeleteDevice(g_device);
        g_device = nullptr;
        return status;
    }

    status = iw::notify::RegisterAll();
    if (!NT_SUCCESS(status)) {
        // RegisterAll already rolled back what it had registered
        IoDeleteSymbolicLink(&g_link);
        IoDeleteDevice(g_device);
        g_device = nullptr;
        iw::EventStore::Destroy();
        return status;
    }

    DriverObject->DriverUnload = IwUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = IwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = IwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = IwControl;

    g_device->Flags |= DO_BUFFERED_IO;
    g_device->Flags &= ~DO_DEVICE_INITIALIZING;

    IWLOG("loaded");
    return STATUS_SUCCESS;
}
