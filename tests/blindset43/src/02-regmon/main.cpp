//
// regmon - registry activity monitor, events pulled by regmonsvc via IOCTL
//
#include "RegFilter.h"

using regmon::RegFilter;

namespace {

PDEVICE_OBJECT g_Device = nullptr;
bool           g_LinkUp = false;

NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS status, ULONG_PTR info = 0)
{
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

} // namespace

extern "C" {
DRIVER_INITIALIZE DriverEntry;
}

DRIVER_UNLOAD   RegmonUnload;
DRIVER_DISPATCH RegmonCreateClose;
DRIVER_DISPATCH RegmonDeviceControl;

NTSTATUS RegmonCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

NTSTATUS RegmonDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    auto& dic = sp->Parameters.DeviceIoControl;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    switch (dic.IoControlCode) {
    case IOCTL_REGMON_READ: {
        ULONG max = dic.OutputBufferLength / sizeof(REGMON_EVENT);
        if (max == 0) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        auto out = static_cast<REGMON_EVENT*>(Irp->AssociatedIrp.SystemBuffer);
        ULONG n = RegFilter::Drain(out, max);
        info = (ULONG_PTR)n * sizeof(REGMON_EVENT);
        status = STATUS_SUCCESS;
        break;
    }
    }

    return CompleteIrp(Irp, status, info);
}

void RegmonUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    RegFilter::Shutdown();

    if (g_LinkUp) {
        UNICODE_STRING link = RTL_CONSTANT_STRING(REGMON_LINK);
        IoDeleteSymbolicLink(&link);
        g_LinkUp = false;
    }
    if (g_Device) {
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
    }
    RMLOG("bye");
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(REGMON_DEVICE);
    UNICODE_STRING link    = RTL_CONSTANT_STRING(REGMON_LINK);
    NTSTATUS status;

    RMLOG("loading from %wZ", RegistryPath);

    DriverObject->DriverUnload = RegmonUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = RegmonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RegmonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RegmonDeviceControl;

    do {
        status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
        if (!NT_SUCCESS(status)) {
            RMLOG("IoCreateDevice %08X", status);
            break;
        }
        g_Device->Flags |= DO_BUFFERED_IO;

        status = IoCreateSymbolicLink(&link, &devName);
        if (!NT_SUCCESS(status)) {
            RMLOG("IoCreateSymbolicLink %08X", status);
            break;
        }
        g_LinkUp = true;

        status = RegFilter::Initialize(DriverObject, RegistryPath);
        if (!NT_SUCCESS(status)) {
            break;
        }
    } while (false);

    if (!NT_SUCCESS(status)) {
        if (g_LinkUp) {
            IoDeleteSymbolicLink(&link);
            g_LinkUp = false;
        }
        if (g_Device) {
            IoDeleteDevice(g_Device);
            g_Device = nullptr;
        }
        return status;
    }

    return STATUS_SUCCESS;
}
