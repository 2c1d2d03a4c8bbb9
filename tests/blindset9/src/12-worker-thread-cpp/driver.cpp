// WorkerThread - a system thread fed through IOCTLs (\\.\WorkerThread)
#include "worker.h"

namespace {

UNICODE_STRING kDeviceName = RTL_CONSTANT_STRING(L"\\Device\\WorkerThread");
UNICODE_STRING kLinkName = RTL_CONSTANT_STRING(L"\\??\\WorkerThread");

wt::Worker* g_worker;

NTSTATUS Finish(PIRP irp, NTSTATUS status, ULONG_PTR info = 0)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS OnCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return Finish(irp, STATUS_SUCCESS);
}

NTSTATUS OnDeviceControl(PDEVICE_OBJECT, PIRP irp)
{
    auto stack = IoGetCurrentIrpStackLocation(irp);
    const auto& p = stack->Parameters.DeviceIoControl;
    auto buffer = irp->AssociatedIrp.SystemBuffer;

    switch (p.IoControlCode) {
    case wt::kIoctlSubmit:
        if (p.InputBufferLength < sizeof(ULONG)) {
            return Finish(irp, STATUS_BUFFER_TOO_SMALL);
        }
        return Finish(irp, g_worker->Submit(*static_cast<ULONG*>(buffer)));

    case wt::kIoctlStats:
        if (p.OutputBufferLength < sizeof(wt::Stats)) {
            return Finish(irp, STATUS_BUFFER_TOO_SMALL);
        }
        g_worker->GetStats(static_cast<wt::Stats*>(buffer));
        return Finish(irp, STATUS_SUCCESS, sizeof(wt::Stats));

    default:
        return Finish(irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

void OnUnload(PDRIVER_OBJECT DriverObject)
{
    IoDeleteSymbolicLink(&kLinkName);

    g_worker->Stop();
    delete g_worker;
    g_worker = nullptr;

    IoDeleteDevice(DriverObject->DeviceObject);
}

} // namespace

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    kstd::unique_ptr<wt::Worker> worker(new (NonPagedPoolNx, WT_TAG) wt::Worker());
    if (!worker) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    PDEVICE_OBJECT device = nullptr;
    auto status = IoCreateDevice(DriverObject, 0, &kDeviceName, wt::kDeviceType,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    kstd::scope_exit deleteDevice([&] { IoDeleteDevice(device); });

    status = worker->Start();
    if (!NT_SUCCESS(status)) {
        KdPrint(("WorkerThread: thread start failed 0x%08X\n", status));
        return status;
    }

    status = IoCreateSymbolicLink(&kLinkName, &kDeviceName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("WorkerThread: symbolic link failed 0x%08X\n", status));
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = OnDeviceControl;
    DriverObject->DriverUnload = OnUnload;

    deleteDevice.release();
    g_worker = worker.release();
    return STATUS_SUCCESS;
}
