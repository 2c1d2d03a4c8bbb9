//
// RegWatch - watches autostart registry locations and queues events
// for a user-mode collector (IOCTL_RW_DRAIN).
//
#include "RegFilter.h"

namespace {

RegFilter      g_Filter;
PDEVICE_OBJECT g_Device;
UNICODE_STRING g_SymLink;

NTSTATUS CompleteIrp(_Inout_ PIRP Irp, _In_ NTSTATUS Status, _In_ ULONG_PTR Info = 0)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

} // namespace

extern "C" {
DRIVER_INITIALIZE DriverEntry;
}

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
static NTSTATUS RwCreateClose(_In_ PDEVICE_OBJECT, _Inout_ PIRP Irp)
{
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static NTSTATUS RwDeviceControl(_In_ PDEVICE_OBJECT, _Inout_ PIRP Irp)
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& dic = stack->Parameters.DeviceIoControl;

    switch (dic.IoControlCode) {
    case IOCTL_RW_DRAIN: {
        if (dic.OutputBufferLength < sizeof(RegEventRecord)) {
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        ULONG bytes = g_Filter.Drain(Irp->AssociatedIrp.SystemBuffer, dic.OutputBufferLength);
        return CompleteIrp(Irp, STATUS_SUCCESS, bytes);
    }
    default:
        return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

static void RwUnload(_In_ PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    g_Filter.Stop();
    IoDeleteSymbolicLink(&g_SymLink);
    IoDeleteDevice(g_Device);
    RW_LOG("unloaded");
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName;
    RtlInitUnicodeString(&devName, L"\\Device\\RegWatch");
    RtlInitUnicodeString(&g_SymLink, L"\\??\\RegWatch");

    PDEVICE_OBJECT device = nullptr;
    NTSTATUS status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        RW_ERR("IoCreateDevice failed 0x%08X", status);
        return status;
    }
    DeviceGuard deviceGuard(device);
    device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_SymLink, &devName);
    if (!NT_SUCCESS(status)) {
        RW_ERR("IoCreateSymbolicLink failed 0x%08X", status);
        return status;
    }
    SymlinkGuard linkGuard(&g_SymLink);

    g_Device = deviceGuard.Release();

    status = g_Filter.Start(DriverObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    linkGuard.Dismiss();

    DriverObject->MajorFunction[IRP_MJ_CREATE] = RwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = RwCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = RwDeviceControl;
    DriverObject->DriverUnload = RwUnload;

    RW_LOG("loaded");
    return STATUS_SUCCESS;
}
