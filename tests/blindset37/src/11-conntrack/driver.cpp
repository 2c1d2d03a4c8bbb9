//
// ConnTrack - counts established IPv4/IPv6 flows with two inspection callouts.
// Numbers are read with IOCTL_CT_GET_COUNTERS on \\.\ConnTrack.
//
#include <initguid.h>
#include "conntrack.h"

namespace {

PDEVICE_OBJECT g_Device = nullptr;

NTSTATUS Complete(PIRP irp, NTSTATUS status, ULONG_PTR info)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE)
static NTSTATUS CtCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return Complete(irp, STATUS_SUCCESS, 0);
}

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static NTSTATUS CtDeviceControl(PDEVICE_OBJECT, PIRP irp)
{
    auto sp = IoGetCurrentIrpStackLocation(irp);

    if (sp->Parameters.DeviceIoControl.IoControlCode != IOCTL_CT_GET_COUNTERS) {
        return Complete(irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
    if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ct::Counters)) {
        return Complete(irp, STATUS_BUFFER_TOO_SMALL, 0);
    }

    auto out = static_cast<ct::Counters*>(irp->AssociatedIrp.SystemBuffer);
    out->FlowsV4 = InterlockedCompareExchange64(&ct::g_Counters.FlowsV4, 0, 0);
    out->FlowsV6 = InterlockedCompareExchange64(&ct::g_Counters.FlowsV6, 0, 0);
    out->Tcp     = InterlockedCompareExchange64(&ct::g_Counters.Tcp, 0, 0);
    out->Udp     = InterlockedCompareExchange64(&ct::g_Counters.Udp, 0, 0);
    out->Other   = InterlockedCompareExchange64(&ct::g_Counters.Other, 0, 0);

    return Complete(irp, STATUS_SUCCESS, sizeof(ct::Counters));
}

static void CtUnload(PDRIVER_OBJECT)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(CT_SYMLINK);

    // filters and callouts first: they reference the device object
    ct::Wfp::Stop();

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;

    CT_LOG("unloaded: v4=%I64d v6=%I64d", ct::g_Counters.FlowsV4, ct::g_Counters.FlowsV6);
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName = RTL_CONSTANT_STRING(CT_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(CT_SYMLINK);

    DriverObject->MajorFunction[IRP_MJ_CREATE] = CtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = CtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = CtDeviceControl;

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_NETWORK,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        CT_LOG("IoCreateDevice 0x%08X", status);
        return status;
    }
    g_Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        CT_LOG("IoCreateSymbolicLink 0x%08X", status);
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
        return status;
    }

    status = ct::Wfp::Start(g_Device);
    if (!NT_SUCCESS(status)) {
        IoDeleteSymbolicLink(&link);
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
        return status;
    }

    // only now is there something for unload to take down
    DriverObject->DriverUnload = CtUnload;

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;
    CT_LOG("running");
    return STATUS_SUCCESS;
}
