// main.cpp - tworker: queue jobs from user mode, run them on our own system thread
#include "Worker.h"

#define IOCTL_TWORKER_POST  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x840, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_TWORKER_COUNT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x841, METHOD_BUFFERED, FILE_READ_ACCESS)

namespace {
Worker* g_Worker;
UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(L"\\Device\\TWorker");
UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\TWorker");
}

extern "C" DRIVER_INITIALIZE DriverEntry;

static NTSTATUS CompleteIrp(PIRP irp, NTSTATUS status, ULONG_PTR info = 0)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS TwCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return CompleteIrp(irp, STATUS_SUCCESS);
}

static NTSTATUS TwDeviceControl(PDEVICE_OBJECT, PIRP irp)
{
    auto sp = IoGetCurrentIrpStackLocation(irp);
    auto& p = sp->Parameters.DeviceIoControl;

    switch (p.IoControlCode) {
    case IOCTL_TWORKER_POST: {
        if (p.InputBufferLength < sizeof(JobRequest)) {
            return CompleteIrp(irp, STATUS_BUFFER_TOO_SMALL);
        }
        auto req = static_cast<JobRequest*>(irp->AssociatedIrp.SystemBuffer);
        return CompleteIrp(irp, g_Worker->Post(*req) ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES);
    }
    case IOCTL_TWORKER_COUNT:
        if (p.OutputBufferLength < sizeof(LONG)) {
            return CompleteIrp(irp, STATUS_BUFFER_TOO_SMALL);
        }
        *static_cast<LONG*>(irp->AssociatedIrp.SystemBuffer) = g_Worker->Processed();
        return CompleteIrp(irp, STATUS_SUCCESS, sizeof(LONG));
    }
    return CompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
}

static void TwUnload(PDRIVER_OBJECT DriverObject)
{
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(DriverObject->DeviceObject);

    g_Worker->Stop();
    delete g_Worker;
    g_Worker = nullptr;
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    g_Worker = new (NonPagedPoolNx) Worker();
    if (g_Worker == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    auto status = g_Worker->Start();
    if (!NT_SUCCESS(status)) {
        KdPrint(("tworker: thread start 0x%08X\n", status));
        delete g_Worker;
        g_Worker = nullptr;
        return status;
    }

    PDEVICE_OBJECT dev = nullptr;
    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        KdPrint(("tworker: IoCreateDevice 0x%08X\n", status));
        delete g_Worker;
        g_Worker = nullptr;
        return status;
    }

    status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("tworker: IoCreateSymbolicLink 0x%08X\n", status));
        IoDeleteDevice(dev);
        g_Worker->Stop();
        delete g_Worker;
        g_Worker = nullptr;
        return status;
    }

    DriverObject->DriverUnload = TwUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = TwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = TwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = TwDeviceControl;

    dev->Flags |= DO_BUFFERED_IO;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
