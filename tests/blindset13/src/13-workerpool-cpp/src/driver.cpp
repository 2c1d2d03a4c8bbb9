//
// driver.cpp - WorkerPool demo: IOCTL_WP_SUBMIT queues a job onto one of
// four system threads.
//
#include "WorkerPool.h"

#define IOCTL_WP_SUBMIT CTL_CODE(FILE_DEVICE_UNKNOWN, 0x830, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_WP_STATS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x831, METHOD_BUFFERED, FILE_READ_ACCESS)

using Pool = wp::WorkerPool<4>;

struct SubmitRequest {
    ULONG Kind;
    ULONG Argument;
};

namespace {

Pool* g_pool;
PDEVICE_OBJECT g_device;
UNICODE_STRING g_devName = RTL_CONSTANT_STRING(L"\\Device\\WorkerPool");
UNICODE_STRING g_linkName = RTL_CONSTANT_STRING(L"\\??\\WorkerPool");

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
    auto sp = IoGetCurrentIrpStackLocation(irp);
    auto& p = sp->Parameters.DeviceIoControl;
    auto buffer = irp->AssociatedIrp.SystemBuffer;

    switch (p.IoControlCode) {
    case IOCTL_WP_SUBMIT: {
        if (p.InputBufferLength < sizeof(SubmitRequest)) {
            return Finish(irp, STATUS_BUFFER_TOO_SMALL);
        }
        auto req = static_cast<const SubmitRequest*>(buffer);
        return Finish(irp, g_pool->Submit(req->Kind, req->Argument) ? STATUS_SUCCESS
                                                                    : STATUS_DEVICE_NOT_READY);
    }
    case IOCTL_WP_STATS:
        if (p.OutputBufferLength < sizeof(LONG)) {
            return Finish(irp, STATUS_BUFFER_TOO_SMALL);
        }
        *static_cast<LONG*>(buffer) = g_pool->Completed();
        return Finish(irp, STATUS_SUCCESS, sizeof(LONG));
    default:
        return Finish(irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

void DestroyPool()
{
    if (g_pool != nullptr) {
        delete g_pool;          // ~WorkerPool stops and joins the threads
        g_pool = nullptr;
    }
}

void OnUnload(PDRIVER_OBJECT)
{
    IoDeleteSymbolicLink(&g_linkName);
    IoDeleteDevice(g_device);
    DestroyPool();
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING)
{
    g_pool = new (POOL_FLAG_NON_PAGED) Pool();
    if (g_pool == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    NTSTATUS status = g_pool->Start();
    if (!NT_SUCCESS(status)) {
        KdPrint(("workerpool: Start 0x%08X\n", status));
        DestroyPool();
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &g_devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_device);
    if (!NT_SUCCESS(status)) {
        DestroyPool();
        return status;
    }

    status = IoCreateSymbolicLink(&g_linkName, &g_devName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(g_device);
        g_device = nullptr;
        DestroyPool();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = OnDeviceControl;
    DriverObject->DriverUnload = OnUnload;
    return STATUS_SUCCESS;
}
