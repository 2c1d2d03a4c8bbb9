// driver.cpp - ShutLog control device
#include "shutlog.h"

using namespace shutlog;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD   SlUnload;
static DRIVER_DISPATCH SlCreateClose;
static DRIVER_DISPATCH SlDeviceControl;
static DRIVER_DISPATCH SlShutdown;

static NTSTATUS SlComplete(PIRP Irp, NTSTATUS status, ULONG_PTR info = 0)
{
    Irp->IoStatus.Status      = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static NTSTATUS SlCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return SlComplete(Irp, STATUS_SUCCESS);
}

static NTSTATUS SlDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto  stack  = IoGetCurrentIrpStackLocation(Irp);
    auto& dic    = stack->Parameters.DeviceIoControl;
    auto  buffer = static_cast<char*>(Irp->AssociatedIrp.SystemBuffer);

    switch (dic.IoControlCode) {
    case IOCTL_SHUTLOG_APPEND:
        if (buffer == nullptr) {
            return SlComplete(Irp, STATUS_INVALID_PARAMETER);
        }
        return SlComplete(Irp, LogRing::Append(buffer, dic.InputBufferLength));

    case IOCTL_SHUTLOG_READ: {
        if (buffer == nullptr || dic.OutputBufferLength == 0) {
            return SlComplete(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        ULONG n = LogRing::Copy(buffer, dic.OutputBufferLength);
        return SlComplete(Irp, STATUS_SUCCESS, n);
    }

    case IOCTL_SHUTLOG_CLEAR:
        LogRing::Clear();
        return SlComplete(Irp, STATUS_SUCCESS);

    default:
        return SlComplete(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

static NTSTATUS SlShutdown(PDEVICE_OBJECT, PIRP Irp)
{
    NTSTATUS status = LogRing::DumpToFile(SL_DUMP_FILE);
    SL_PRINT("shutdown dump -> 0x%08X", status);
    // never fail a shutdown IRP
    return SlComplete(Irp, STATUS_SUCCESS);
}

static VOID SlUnload(PDRIVER_OBJECT DriverObject)
{
    PDEVICE_OBJECT dev = DriverObject->DeviceObject;

    SL_PRINT("unloading");

    UNICODE_STRING linkName = RTL_CONSTANT_STRING(SL_LINK_NAME);

    IoUnregisterShutdownNotification(dev);
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(dev);
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS       status;
    PDEVICE_OBJECT dev      = nullptr;
    UNICODE_STRING devName  = RTL_CONSTANT_STRING(SL_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(SL_LINK_NAME);

    SL_PRINT("DriverEntry");

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = SlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = SlCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SlDeviceControl;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN]       = SlShutdown;
    DriverObject->DriverUnload                         = SlUnload;

    status = LogRing::Init(SL_RING_SIZE);
    if (!NT_SUCCESS(status)) {
        SL_PRINT("ring alloc failed 0x%08X", status);
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, SL_DEVICE_TYPE,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        SL_PRINT("IoCreateDevice failed 0x%08X", status);
        goto fail_ring;
    }
    dev->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        SL_PRINT("IoCreateSymbolicLink failed 0x%08X", status);
        goto fail_dev;
    }

    // last step: once registered, the dump at shutdown is armed
    status = IoRegisterShutdownNotification(dev);
    if (!NT_SUCCESS(status)) {
        SL_PRINT("IoRegisterShutdownNotification failed 0x%08X", status);
        goto fail_dev;
    }

    dev->Flags &= ~DO_DEVICE_INITIALIZING;
    LogRing::Append("shutlog loaded", 14);
    return STATUS_SUCCESS;

fail_dev:
    IoDeleteDevice(dev);
fail_ring:
    LogRing::Free();
    return status;
}
