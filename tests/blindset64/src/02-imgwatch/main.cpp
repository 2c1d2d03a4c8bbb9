//
// imgwatch - image load / remote thread watcher
//
// Loads as a legacy driver (sc create imgwatch type= kernel ...), exposes
// \\.\ImgWatch so the tray tool can poll counters.
//
#include "Monitor.h"
#include "klog.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\ImgWatch");
UNICODE_STRING g_LinkName   = RTL_CONSTANT_STRING(L"\\??\\ImgWatch");
PDEVICE_OBJECT g_Device     = nullptr;

NTSTATUS Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info = 0)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return Complete(Irp, STATUS_SUCCESS);
}

NTSTATUS DispatchIoctl(PDEVICE_OBJECT, PIRP Irp)
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& p = stack->Parameters.DeviceIoControl;

    if (p.IoControlCode != IOCTL_IW_QUERY_STATS) {
        return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
    if (p.OutputBufferLength < sizeof(iw::Stats)) {
        return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
    }

    iw::Monitor::Snapshot(static_cast<iw::Stats*>(Irp->AssociatedIrp.SystemBuffer));
    return Complete(Irp, STATUS_SUCCESS, sizeof(iw::Stats));
}

void DriverUnload(PDRIVER_OBJECT)
{
    LOG_INFO("unload");

    iw::Monitor::Stop();

    IoDeleteSymbolicLink(&g_LinkName);
    if (g_Device) {
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
    }
}

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = STATUS_SUCCESS;
    bool linkCreated = false;

    LOG_INFO("DriverEntry");

    CHECK_STATUS(IoCreateDevice(DriverObject, 0, &g_DeviceName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device),
                 "IoCreateDevice");
    g_Device->Flags |= DO_BUFFERED_IO;

    CHECK_STATUS(IoCreateSymbolicLink(&g_LinkName, &g_DeviceName), "IoCreateSymbolicLink");
    linkCreated = true;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;
    DriverObject->DriverUnload                         = DriverUnload;

    CHECK_STATUS(iw::Monitor::Start(), "Monitor::Start");

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    LOG_INFO("ready");
    return STATUS_SUCCESS;

cleanup:
    if (linkCreated) {
        IoDeleteSymbolicLink(&g_LinkName);
    }
    if (g_Device) {
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
    }
    return status;
}
