//
// memrw-cpp - C++ rewrite of the trainer's memory driver
//
#include "Memory.hpp"

namespace
{
    PDEVICE_OBJECT g_Device = nullptr;
    UNICODE_STRING g_Name   = RTL_CONSTANT_STRING(MRW_DEVICE);
    UNICODE_STRING g_Link   = RTL_CONSTANT_STRING(MRW_LINK);

    NTSTATUS Finish(PIRP irp, NTSTATUS status, ULONG_PTR info = 0)
    {
        irp->IoStatus.Status = status;
        irp->IoStatus.Information = info;
        IoCompleteRequest(irp, IO_NO_INCREMENT);
        return status;
    }
}

extern "C" DRIVER_INITIALIZE DriverEntry;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
static NTSTATUS OnCreateClose(_In_ PDEVICE_OBJECT, _Inout_ PIRP irp)
{
    return Finish(irp, STATUS_SUCCESS);
}

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static NTSTATUS OnDeviceControl(_In_ PDEVICE_OBJECT, _Inout_ PIRP irp)
{
    auto sp   = IoGetCurrentIrpStackLocation(irp);
    auto code = sp->Parameters.DeviceIoControl.IoControlCode;

    // requests carry raw user pointers, so only user-mode callers in their own context
    if (irp->RequestorMode != UserMode) {
        return Finish(irp, STATUS_ACCESS_DENIED);
    }

    auto handle = [&](bool toTarget) -> NTSTATUS {
        if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(mrw::CopyRequest)) {
            return STATUS_BUFFER_TOO_SMALL;
        }
        auto req = *static_cast<mrw::CopyRequest*>(irp->AssociatedIrp.SystemBuffer);
        return mrw::mem::Copy(req, toTarget);
    };

    switch (code) {
    case mrw::IoctlRead:  return Finish(irp, handle(false));
    case mrw::IoctlWrite: return Finish(irp, handle(true));
    default:              return Finish(irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

static VOID OnUnload(_In_ PDRIVER_OBJECT)
{
    IoDeleteSymbolicLink(&g_Link);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;

    // no device left, nothing can be inside Copy() any more
    mrw::mem::Shutdown();

    MRW_LOG("unloaded");
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    auto status = mrw::mem::Initialize();
    if (!NT_SUCCESS(status)) {
        MRW_LOG("mem::Initialize failed 0x%X", status);
        return status;
    }
    auto memGuard = mrw::MakeScopeExit([] { mrw::mem::Shutdown(); });

    status = IoCreateDevice(DriverObject, 0, &g_Name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        MRW_LOG("IoCreateDevice failed 0x%X", status);
        return status;
    }
    auto deviceGuard = mrw::MakeScopeExit([] { IoDeleteDevice(g_Device); g_Device = nullptr; });

    status = IoCreateSymbolicLink(&g_Link, &g_Name);
    if (!NT_SUCCESS(status)) {
        MRW_LOG("IoCreateSymbolicLink failed 0x%X", status);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = OnDeviceControl;
    DriverObject->DriverUnload                         = OnUnload;

    g_Device->Flags |= DO_BUFFERED_IO;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;

    deviceGuard.Dismiss();
    memGuard.Dismiss();

    MRW_LOG("loaded");
    return STATUS_SUCCESS;
}
