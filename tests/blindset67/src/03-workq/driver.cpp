// driver.cpp -- entry points for the WorkQ sample

#include "workq.h"

using workq::WorkQueue;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD WqUnload;

static void WqUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    KLOG("unload");
    WorkQueue::Shutdown();
}

static NTSTATUS Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info = 0)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

extern "C" NTSTATUS WqDispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto sp = IoGetCurrentIrpStackLocation(Irp);
    if (sp->MajorFunction != IRP_MJ_DEVICE_CONTROL) {
        return Complete(Irp, STATUS_SUCCESS);     // create / close
    }

    auto& dic = sp->Parameters.DeviceIoControl;
    auto  buf = Irp->AssociatedIrp.SystemBuffer;

    switch (dic.IoControlCode) {
    case IOCTL_WQ_KICK:
        if (dic.InputBufferLength < sizeof(ULONG)) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        return Complete(Irp, WorkQueue::Kick(*static_cast<PULONG>(buf)));

    case IOCTL_WQ_STATUS:
        if (dic.OutputBufferLength < sizeof(workq::WQ_STATUS)) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        WorkQueue::Query(static_cast<workq::WQ_STATUS*>(buf));
        return Complete(Irp, STATUS_SUCCESS, sizeof(workq::WQ_STATUS));
    }

    return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST);
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    KLOG("DriverEntry %wZ", RegistryPath);

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = WqDispatch;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = WqDispatch;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = WqDispatch;

    NTSTATUS status = WorkQueue::Init(DriverObject, RegistryPath);
    if (!NT_SUCCESS(status)) {
        KLOG("init failed %08X", status);
        return status;
    }

    DriverObject->DriverUnload = WqUnload;
    return STATUS_SUCCESS;
}
