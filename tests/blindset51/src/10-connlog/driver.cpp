//
// driver.cpp - connlog entry, unload and the control device
//
#include "connlog.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD ClUnload;

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
static DRIVER_DISPATCH ClCreateClose;
_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static DRIVER_DISPATCH ClDeviceControl;

using namespace connlog;

namespace {
PDEVICE_OBJECT g_device = nullptr;
UNICODE_STRING g_linkName = RTL_CONSTANT_STRING(CL_LINK_NAME);
}

static NTSTATUS ClComplete(PIRP irp, NTSTATUS status, ULONG_PTR info)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

_Use_decl_annotations_
static NTSTATUS ClCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return ClComplete(irp, STATUS_SUCCESS, 0);
}

_Use_decl_annotations_
static NTSTATUS ClDeviceControl(PDEVICE_OBJECT, PIRP irp)
{
    auto sp = IoGetCurrentIrpStackLocation(irp);

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_CONNLOG_READ) {
        return ClComplete(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    ULONG max = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(CONNLOG_ENTRY);
    if (max == 0) {
        return ClComplete(irp, STATUS_BUFFER_TOO_SMALL, 0);
    }
    ULONG n = Ring::Drain(static_cast<CONNLOG_ENTRY*>(irp->AssociatedIrp.SystemBuffer), max);
    return ClComplete(irp, STATUS_SUCCESS, n * sizeof(CONNLOG_ENTRY));
}

_Use_decl_annotations_
static void ClUnload(PDRIVER_OBJECT)
{
    // reverse of DriverEntry
    Callout::RemoveBfeObjects();
    Callout::Unregister();
    IoDeleteSymbolicLink(&g_linkName);
    IoDeleteDevice(g_device);
    g_device = nullptr;
    Ring::Free();
    CL_TRACE("unloaded");
}

extern "C" _Use_decl_annotations_
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    UNICODE_STRING devName = RTL_CONSTANT_STRING(CL_DEVICE_NAME);

    NTSTATUS status = Ring::Init();
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ScopeExit freeRing([] { Ring::Free(); });

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_device);
    if (!NT_SUCCESS(status)) {
        CL_ERROR("IoCreateDevice 0x%08X", status);
        return status;
    }
    ScopeExit deleteDevice([] { IoDeleteDevice(g_device); g_device = nullptr; });

    status = IoCreateSymbolicLink(&g_linkName, &devName);
    if (!NT_SUCCESS(status)) {
        CL_ERROR("IoCreateSymbolicLink 0x%08X", status);
        return status;
    }
    ScopeExit deleteLink([] { IoDeleteSymbolicLink(&g_linkName); });

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = ClCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = ClCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ClDeviceControl;

    status = Callout::Register(g_device);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    ScopeExit unregister([] { Callout::Unregister(); });

    status = Callout::AddBfeObjects();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    unregister.Dismiss();
    deleteLink.Dismiss();
    deleteDevice.Dismiss();
    freeRing.Dismiss();

    DriverObject->DriverUnload = ClUnload;
    CL_TRACE("loaded");
    return STATUS_SUCCESS;
}
