// driver.cpp - ProcMonCpp: a small process/thread/image monitor
//
// User mode opens \\.\ProcMonCpp and polls IOCTL_PROCMON_READ.
#include "Monitor.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD ProcMonUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH ProcMonCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH ProcMonDeviceControl;

namespace {

UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\ProcMonCpp");
UNICODE_STRING g_LinkName   = RTL_CONSTANT_STRING(L"\\??\\ProcMonCpp");

NTSTATUS Complete(PIRP irp, NTSTATUS status, ULONG_PTR info = 0)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

} // namespace

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    PDEVICE_OBJECT device = nullptr;
    auto status = IoCreateDevice(DriverObject, 0, &g_DeviceName, FILE_DEVICE_UNKNOWN,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("procmon: IoCreateDevice 0x%08X\n", status));
        return status;
    }
    auto deviceGuard = kstd::MakeScopeExit([&] { IoDeleteDevice(device); });

    status = IoCreateSymbolicLink(&g_LinkName, &g_DeviceName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("procmon: IoCreateSymbolicLink 0x%08X\n", status));
        return status;                     // deviceGuard deletes the device
    }
    auto linkGuard = kstd::MakeScopeExit([&] { IoDeleteSymbolicLink(&g_LinkName); });

    status = procmon::Monitor::Start();
    if (!NT_SUCCESS(status)) {
        return status;                     // link first, then device
    }

    // everything is in place: hand ownership over to the unload routine
    linkGuard.Dismiss();
    deviceGuard.Dismiss();

    DriverObject->DriverUnload = ProcMonUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ProcMonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ProcMonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ProcMonDeviceControl;

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;

    KdPrint(("procmon: loaded (image notifications %s)\n",
             procmon::Monitor::IsActive(procmon::Reg::Image) ? "on" : "off"));
    return STATUS_SUCCESS;
}

static void ProcMonUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    procmon::Monitor::Stop();
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(DriverObject->DeviceObject);
    KdPrint(("procmon: unloaded\n"));
}

static NTSTATUS ProcMonCreateClose(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return Complete(Irp, STATUS_SUCCESS);
}

static NTSTATUS ProcMonDeviceControl(_In_ PDEVICE_OBJECT DeviceObject, _Inout_ PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& dic = stack->Parameters.DeviceIoControl;

    switch (dic.IoControlCode) {
    case IOCTL_PROCMON_READ: {
        if (dic.OutputBufferLength < sizeof(procmon::EventOut)) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        ULONG bytes = procmon::Monitor::Drain(Irp->AssociatedIrp.SystemBuffer, dic.OutputBufferLength);
        return Complete(Irp, STATUS_SUCCESS, bytes);
    }
    case IOCTL_PROCMON_CLEAR:
        procmon::Monitor::Clear();
        return Complete(Irp, STATUS_SUCCESS);
    default:
        return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}
