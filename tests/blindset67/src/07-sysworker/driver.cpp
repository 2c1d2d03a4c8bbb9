// driver.cpp -- SysWorker entry / unload / dispatch

#include "worker.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

PDEVICE_OBJECT g_Dev = nullptr;
UNICODE_STRING g_Dos = RTL_CONSTANT_STRING(SW_DOS_NAME);

NTSTATUS CompleteRequest(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS SwDispatch(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);

    switch (sp->MajorFunction) {
    case IRP_MJ_CREATE:
    case IRP_MJ_CLOSE:
        return CompleteRequest(Irp, STATUS_SUCCESS);

    case IRP_MJ_DEVICE_CONTROL:
        if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_SW_POST) {
            return CompleteRequest(Irp, sysw::Worker::Post(
                Irp->AssociatedIrp.SystemBuffer,
                sp->Parameters.DeviceIoControl.InputBufferLength));
        }
        break;
    }
    return CompleteRequest(Irp, STATUS_INVALID_DEVICE_REQUEST);
}

void SwUnload(PDRIVER_OBJECT)
{
    IoDeleteSymbolicLink(&g_Dos);
    IoDeleteDevice(g_Dev);
    sysw::Worker::Stop();
    SWLOG("unloaded");
}

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING nt = RTL_CONSTANT_STRING(SW_NT_NAME);

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &nt, SW_DEVTYPE,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &g_Dev);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_Dev->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_Dos, &nt);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_Dev);
        return status;
    }

    status = sysw::Worker::Start();
    if (!NT_SUCCESS(status)) {
        IoDeleteSymbolicLink(&g_Dos);
        IoDeleteDevice(g_Dev);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = SwDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = SwDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SwDispatch;
    DriverObject->DriverUnload                         = SwUnload;

    SWLOG("loaded");
    return STATUS_SUCCESS;
}
