//
// ktelemetry - process/thread/image telemetry ring for the sensor service.
// The service hands us an event handle; a 250ms DPC signals it while
// records are pending, then the service drains with IOCTL_TLM_READ.
//
#include "Telemetry.h"

using namespace tlm;

namespace {

PDEVICE_OBJECT g_Dev;
bool           g_Link;

NTSTATUS Finish(PIRP irp, NTSTATUS st, ULONG_PTR info = 0)
{
    irp->IoStatus.Status = st;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return st;
}

NTSTATUS OnCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return Finish(irp, STATUS_SUCCESS);
}

NTSTATUS OnCleanup(PDEVICE_OBJECT, PIRP irp)
{
    // the service went away, stop poking its event
    Ring::ClearNotifyEvent();
    return Finish(irp, STATUS_SUCCESS);
}

NTSTATUS OnDeviceControl(PDEVICE_OBJECT, PIRP irp)
{
    auto sp = IoGetCurrentIrpStackLocation(irp);
    auto buf = irp->AssociatedIrp.SystemBuffer;
    ULONG inLen = sp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_TLM_SET_EVENT: {
        if (inLen < sizeof(HANDLE) || !buf) {
            return Finish(irp, STATUS_BUFFER_TOO_SMALL);
        }
        HANDLE h = *static_cast<HANDLE*>(buf);
        return Finish(irp, Ring::SetNotifyEvent(h, irp->RequestorMode));
    }
    case IOCTL_TLM_READ: {
        ULONG max = outLen / sizeof(Record);
        if (max == 0 || !buf) {
            return Finish(irp, STATUS_BUFFER_TOO_SMALL);
        }
        ULONG n = Ring::Read(static_cast<Record*>(buf), max);
        return Finish(irp, STATUS_SUCCESS, (ULONG_PTR)n * sizeof(Record));
    }
    default:
        return Finish(irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

void OnUnload(PDRIVER_OBJECT)
{
    // producers first, then the timer that reads the ring, then the ring
    Sensors::Disable();
    Ring::StopFlushTimer();

    if (g_Link) {
        UNICODE_STRING link = RTL_CONSTANT_STRING(TLM_LINK);
        IoDeleteSymbolicLink(&link);
        g_Link = false;
    }
    if (g_Dev) {
        IoDeleteDevice(g_Dev);
        g_Dev = nullptr;
    }

    Ring::Destroy();
    TLM_DBG("unloaded");
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName = RTL_CONSTANT_STRING(TLM_DEVICE);
    UNICODE_STRING link    = RTL_CONSTANT_STRING(TLM_LINK);
    NTSTATUS status;

    status = Ring::Create(TLM_RING_SIZE);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Dev);
    if (!NT_SUCCESS(status)) {
        TLM_DBG("IoCreateDevice %08X", status);
        Ring::Destroy();
        return status;
    }
    g_Dev->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        TLM_DBG("IoCreateSymbolicLink %08X", status);
        IoDeleteDevice(g_Dev);
        g_Dev = nullptr;
        Ring::Destroy();
        return status;
    }
    g_Link = true;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP] = OnCleanup;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = OnDeviceControl;
    DriverObject->DriverUnload = OnUnload;

    status = Sensors::Enable();
    if (!NT_SUCCESS(status)) {
        IoDeleteSymbolicLink(&link);
        g_Link = false;
        IoDeleteDevice(g_Dev);
        g_Dev = nullptr;
        Ring::Destroy();
        return status;
    }

    Ring::StartFlushTimer();

    g_Dev->Flags &= ~DO_DEVICE_INITIALIZING;
    TLM_DBG("ready");
    return STATUS_SUCCESS;
}
