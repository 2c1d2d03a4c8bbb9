//
// workq - one system thread draining a queue of jobs that user mode posts
// with IOCTL_WORKQ_POST. Jobs here only sleep and log, it's a playground.
//
#include "WorkQueue.h"

#define WQ_DEVICE   L"\\Device\\WorkQ"
#define WQ_LINK     L"\\??\\WorkQ"
#define IOCTL_WORKQ_POST    CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA00, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_WORKQ_PENDING CTL_CODE(FILE_DEVICE_UNKNOWN, 0xA01, METHOD_BUFFERED, FILE_READ_ACCESS)

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD   WqUnload;
DRIVER_DISPATCH WqCreateClose;
DRIVER_DISPATCH WqDeviceControl;

namespace {
    WorkQueue*     g_Queue;
    PDEVICE_OBJECT g_Device;
    UNICODE_STRING g_DevName = RTL_CONSTANT_STRING(WQ_DEVICE);
    UNICODE_STRING g_Link    = RTL_CONSTANT_STRING(WQ_LINK);
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    NTSTATUS status;

    WQ_LOG("DriverEntry");

    g_Queue = new (POOL_FLAG_NON_PAGED) WorkQueue();
    CHECK_NT(g_Queue->Start(), fail_queue);

    CHECK_NT(IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device), fail_thread);
    CHECK_NT(IoCreateSymbolicLink(&g_Link, &g_DevName), fail_device);

    DriverObject->DriverUnload = WqUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = WqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = WqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = WqDeviceControl;

    // smoke test: the worker should print this right away
    g_Queue->Push([](ULONG_PTR) { WQ_LOG("hello from the worker"); }, 0);

    return STATUS_SUCCESS;

fail_device:
    IoDeleteDevice(g_Device);
    g_Device = nullptr;
fail_thread:
    g_Queue->Stop();
fail_queue:
    delete g_Queue;
    g_Queue = nullptr;
    return status;
}

void WqUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    IoDeleteSymbolicLink(&g_Link);
    IoDeleteDevice(g_Device);

    // Stop() signals the worker and drops whatever is still queued
    g_Queue->Stop();
    delete g_Queue;
    g_Queue = nullptr;

    WQ_LOG("unloaded");
}

NTSTATUS WqCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

// input of IOCTL_WORKQ_POST
struct SleepJobIn {
    ULONG Millis;
};

static void RunSleepJob(ULONG_PTR millis)
{
    LARGE_INTEGER interval;
    interval.QuadPart = -10000LL * static_cast<LONGLONG>(millis);

    WQ_LOG("job: sleeping %u ms", static_cast<ULONG>(millis));
    KeDelayExecutionThread(KernelMode, FALSE, &interval);
    WQ_LOG("job: done");
}

NTSTATUS WqDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& dic = stack->Parameters.DeviceIoControl;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    switch (dic.IoControlCode) {
    case IOCTL_WORKQ_POST: {
        if (dic.InputBufferLength < sizeof(SleepJobIn)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        auto in = static_cast<SleepJobIn*>(Irp->AssociatedIrp.SystemBuffer);
        if (in->Millis > 10000) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        status = g_Queue->Push(RunSleepJob, in->Millis) ? STATUS_SUCCESS
                                                        : STATUS_DEVICE_NOT_READY;
        break;
    }
    case IOCTL_WORKQ_PENDING:
        if (dic.OutputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *static_cast<ULONG*>(Irp->AssociatedIrp.SystemBuffer) = g_Queue->Pending();
        info = sizeof(ULONG);
        status = STATUS_SUCCESS;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
