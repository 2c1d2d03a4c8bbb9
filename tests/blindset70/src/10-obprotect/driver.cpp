#include "protector.h"

using namespace obp;

namespace {

PDEVICE_OBJECT gDevice = nullptr;

NTSTATUS Finish(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return Finish(Irp, STATUS_SUCCESS);
}

NTSTATUS DispatchIoctl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    auto code = sp->Parameters.DeviceIoControl.IoControlCode;

    if (code != IOCTL_OBP_ADD && code != IOCTL_OBP_REMOVE)
        return Finish(Irp, STATUS_INVALID_DEVICE_REQUEST);
    if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG))
        return Finish(Irp, STATUS_BUFFER_TOO_SMALL);

    ULONG pid = *static_cast<PULONG>(Irp->AssociatedIrp.SystemBuffer);
    bool ok = (code == IOCTL_OBP_ADD) ? PidTable::Add(pid) : PidTable::Remove(pid);
    return Finish(Irp, ok ? STATUS_SUCCESS : (code == IOCTL_OBP_ADD ? STATUS_QUOTA_EXCEEDED : STATUS_NOT_FOUND));
}

void DriverUnload(PDRIVER_OBJECT)
{
    // reverse of DriverEntry
    Callbacks::UnregisterOb();
    Callbacks::UnregisterProcessNotify();

    UNICODE_STRING link = RTL_CONSTANT_STRING(OBP_LINK);
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(gDevice);
    gDevice = nullptr;

    OBP_LOG("unloaded");
}

} // namespace

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(OBP_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(OBP_LINK);
    NTSTATUS status;

    PidTable::Init();

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &gDevice);
    if (!NT_SUCCESS(status)) {
        OBP_LOG("IoCreateDevice failed 0x%08X", status);
        return status;
    }
    gDevice->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        OBP_LOG("IoCreateSymbolicLink failed 0x%08X", status);
        goto fail_device;
    }

    status = Callbacks::RegisterProcessNotify();
    if (!NT_SUCCESS(status))
        goto fail_link;

    status = Callbacks::RegisterOb();
    if (!NT_SUCCESS(status))
        goto fail_notify;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;
    DriverObject->DriverUnload = DriverUnload;
    gDevice->Flags &= ~DO_DEVICE_INITIALIZING;

    OBP_LOG("loaded");
    return STATUS_SUCCESS;

fail_notify:
    Callbacks::UnregisterProcessNotify();
fail_link:
    IoDeleteSymbolicLink(&link);
fail_device:
    IoDeleteDevice(gDevice);
    gDevice = nullptr;
    return status;
}
