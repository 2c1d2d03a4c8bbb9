// driver.cpp - etwlog: lets user mode push messages into an ETW stream
#include "etwlog.h"
#include "trace.h"
#include "driver.tmh"

using etwlog::Provider;
using etwlog::EventId;

static PDEVICE_OBJECT g_Device;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD EtwLogUnload;
static DRIVER_DISPATCH EtwLogCreateClose;
static DRIVER_DISPATCH EtwLogIoctl;

static NTSTATUS EtwLogCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS EtwLogIoctl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sl = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    auto finish = [Irp](NTSTATUS s) {
        Irp->IoStatus.Status = s;
        Irp->IoStatus.Information = 0;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return s;
    };

    if (sl->Parameters.DeviceIoControl.IoControlCode == IOCTL_ETWLOG_WRITE) {
        ULONG cb = sl->Parameters.DeviceIoControl.InputBufferLength;
        auto text = static_cast<PCWSTR>(Irp->AssociatedIrp.SystemBuffer);
        if (text == nullptr || cb < sizeof(WCHAR) || (cb % sizeof(WCHAR)) != 0) {
            return finish(STATUS_INVALID_PARAMETER);
        }
        ULONG cch = min(cb / sizeof(WCHAR), (ULONG)ETWLOG_MAX_MESSAGE);
        status = Provider::Write(EventId::UserMessage, TRACE_LEVEL_INFORMATION, text, cch);
        TraceEvents(TRACE_LEVEL_VERBOSE, TRACE_IOCTL, "user message %lu chars -> %!STATUS!", cch, status);
    }
    return finish(status);
}

static VOID EtwLogUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(ETWLOG_LINK);

    Provider::Write(EventId::DriverUnloaded, TRACE_LEVEL_INFORMATION, nullptr, 0);

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;

    Trace(TRACE_LEVEL_INFORMATION, "unloaded");
    WPP_CLEANUP(DriverObject);
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(ETWLOG_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(ETWLOG_LINK);
    NTSTATUS status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);
    Trace(TRACE_LEVEL_INFORMATION, "DriverEntry %wZ", RegistryPath);

    status = Provider::Register();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        Trace(TRACE_LEVEL_ERROR, "IoCreateDevice %!STATUS!", status);
        Provider::Unregister();
        return status;
    }
    g_Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        Trace(TRACE_LEVEL_ERROR, "IoCreateSymbolicLink %!STATUS!", status);
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
        Provider::Unregister();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = EtwLogCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = EtwLogCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = EtwLogIoctl;
    DriverObject->DriverUnload = EtwLogUnload;

    Provider::Write(EventId::DriverLoaded, TRACE_LEVEL_INFORMATION, nullptr, 0);
    return STATUS_SUCCESS;
}
