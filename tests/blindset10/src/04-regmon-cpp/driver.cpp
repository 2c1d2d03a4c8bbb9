// driver.cpp - regmon: logs registry writes and key deletions from user mode
#include "kx.h"
#include "Config.h"
#include "RegFilter.h"

#define IOCTL_REGMON_FETCH CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_READ_ACCESS)

namespace {
regmon::Config g_Config;
UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\RegMon");
}

extern "C" DRIVER_INITIALIZE DriverEntry;

static void RegmonUnload(PDRIVER_OBJECT DriverObject)
{
    regmon::RegFilter::Stop();
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(DriverObject->DeviceObject);
}

static NTSTATUS RegmonCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS RegmonDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    if (sp->Parameters.DeviceIoControl.IoControlCode == IOCTL_REGMON_FETCH) {
        auto cap = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(regmon::LogRecord);
        if (cap == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
        } else {
            auto out = static_cast<regmon::LogRecord*>(Irp->AssociatedIrp.SystemBuffer);
            info = regmon::RegFilter::Fetch(out, static_cast<ULONG>(cap)) * sizeof(regmon::LogRecord);
            status = STATUS_SUCCESS;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    regmon::LoadConfig(RegistryPath, &g_Config);
    KdPrint(("regmon: altitude %ws, max %lu entries\n", g_Config.Altitude, g_Config.MaxEntries));

    UNICODE_STRING devName = RTL_CONSTANT_STRING(L"\\Device\\RegMon");
    PDEVICE_OBJECT dev = nullptr;

    auto status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto undoDevice = kx::finally([&] { IoDeleteDevice(dev); });

    status = IoCreateSymbolicLink(&g_LinkName, &devName);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    auto undoLink = kx::finally([&] { IoDeleteSymbolicLink(&g_LinkName); });

    status = regmon::RegFilter::Start(DriverObject, &g_Config);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->DriverUnload = RegmonUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = RegmonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RegmonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RegmonDeviceControl;
    dev->Flags |= DO_BUFFERED_IO;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;

    // everything is owned by the driver object from here on
    undoLink.dismiss();
    undoDevice.dismiss();
    return STATUS_SUCCESS;
}
