#include <ntddk.h>
#include "WorkDispatcher.h"
#include "klog.h"

#define WQ_DEVICE   L"\\Device\\WorkQ"
#define WQ_SYMLINK  L"\\??\\WorkQ"

#define IOCTL_WORKQ_STATS CTL_CODE(FILE_DEVICE_UNKNOWN, 0x820, METHOD_BUFFERED, FILE_ANY_ACCESS)

struct WorkQStats {
    LONG64 Processed;
    LONG   Pending;
    LONG   Dropped;
};

static volatile LONG g_Dropped;

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WorkQUnload;
DRIVER_DISPATCH WorkQCreateClose;
DRIVER_DISPATCH WorkQDeviceControl;

static void OnThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    if (!wq::WorkDispatcher::Post(ProcessId, ThreadId, Create != FALSE))
        InterlockedIncrement(&g_Dropped);
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    KTRACE();

    UNICODE_STRING devName = RTL_CONSTANT_STRING(WQ_DEVICE);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(WQ_SYMLINK);
    PDEVICE_OBJECT devObj = nullptr;

    // the device object is needed anyway - IoAllocateWorkItem wants one
    auto status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &devObj);
    if (!NT_SUCCESS(status)) {
        KLOG_ERR("IoCreateDevice failed 0x%X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        KLOG_ERR("IoCreateSymbolicLink failed 0x%X", status);
        IoDeleteDevice(devObj);
        return status;
    }

    status = PsSetCreateThreadNotifyRoutine(OnThreadNotify);
    if (!NT_SUCCESS(status)) {
        KLOG_ERR("PsSetCreateThreadNotifyRoutine failed 0x%X", status);
        IoDeleteSymbolicLink(&linkName);
        IoDeleteDevice(devObj);
        return status;
    }

    status = wq::WorkDispatcher::Initialize(devObj);
    if (!NT_SUCCESS(status)) {
        PsRemoveCreateThreadNotifyRoutine(OnThreadNotify);
        IoDeleteSymbolicLink(&linkName);
        IoDeleteDevice(devObj);
        return status;
    }

    DriverObject->DriverUnload = WorkQUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] =
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = WorkQCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = WorkQDeviceControl;

    KLOG("loaded");
    return STATUS_SUCCESS;
}

void WorkQUnload(PDRIVER_OBJECT DriverObject)
{
    KTRACE();

    // drain everything that is still queued before going away
    wq::WorkDispatcher::Shutdown();
    PsRemoveCreateThreadNotifyRoutine(OnThreadNotify);

    UNICODE_STRING linkName = RTL_CONSTANT_STRING(WQ_SYMLINK);
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(DriverObject->DeviceObject);

    KLOG("unloaded, %lld events processed, %d dropped",
         wq::WorkDispatcher::Processed(), g_Dropped);
}

NTSTATUS WorkQCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS WorkQDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto irpSp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    if (irpSp->Parameters.DeviceIoControl.IoControlCode == IOCTL_WORKQ_STATS) {
        if (irpSp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(WorkQStats)) {
            status = STATUS_BUFFER_TOO_SMALL;
        }
        else {
            auto stats = static_cast<WorkQStats*>(Irp->AssociatedIrp.SystemBuffer);
            stats->Processed = wq::WorkDispatcher::Processed();
            stats->Pending = wq::WorkDispatcher::Pending();
            stats->Dropped = g_Dropped;
            info = sizeof(WorkQStats);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
