#include "Worker.h"

#define SW_DEVICE   L"\\Device\\SysWorker"
#define SW_LINK     L"\\??\\SysWorker"

#define IOCTL_SW_KICK   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x830, METHOD_NEITHER,  FILE_WRITE_ACCESS)
#define IOCTL_SW_STATS  CTL_CODE(FILE_DEVICE_UNKNOWN, 0x831, METHOD_BUFFERED, FILE_READ_ACCESS)

static sw::Worker* g_Worker;

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SwUnload;
DRIVER_DISPATCH SwCreateClose;
DRIVER_DISPATCH SwDeviceControl;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    KdPrint((SW_PREFIX "DriverEntry\n"));

    g_Worker = new (POOL_FLAG_NON_PAGED, SW_TAG) sw::Worker;
    if (!g_Worker)
        return STATUS_INSUFFICIENT_RESOURCES;

    UNICODE_STRING devName = RTL_CONSTANT_STRING(SW_DEVICE);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(SW_LINK);
    PDEVICE_OBJECT devObj;

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &devObj);
    if (!NT_SUCCESS(status)) {
        KdPrint((SW_PREFIX "IoCreateDevice: 0x%X\n", status));
        delete g_Worker;
        g_Worker = nullptr;
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        KdPrint((SW_PREFIX "IoCreateSymbolicLink: 0x%X\n", status));
        IoDeleteDevice(devObj);
        delete g_Worker;
        g_Worker = nullptr;
        return status;
    }

    status = g_Worker->Start(SW_DEFAULT_MS);
    if (!NT_SUCCESS(status)) {
        IoDeleteSymbolicLink(&linkName);
        IoDeleteDevice(devObj);
        delete g_Worker;
        g_Worker = nullptr;
        return status;
    }

    DriverObject->DriverUnload = SwUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = SwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SwDeviceControl;

    return STATUS_SUCCESS;
}

void SwUnload(PDRIVER_OBJECT DriverObject)
{
    if (g_Worker) {
        g_Worker->Stop();
        delete g_Worker;
        g_Worker = nullptr;
    }

    UNICODE_STRING linkName = RTL_CONSTANT_STRING(SW_LINK);
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(DriverObject->DeviceObject);

    KdPrint((SW_PREFIX "unloaded\n"));
}

NTSTATUS SwCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

NTSTATUS SwDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SW_KICK:
        g_Worker->Kick();
        break;

    case IOCTL_SW_STATS:
        if (stack->Parameters.DeviceIoControl.OutputBufferLength < sizeof(sw::WorkerStats)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        g_Worker->GetStats(static_cast<sw::WorkerStats*>(Irp->AssociatedIrp.SystemBuffer));
        info = sizeof(sw::WorkerStats);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}
