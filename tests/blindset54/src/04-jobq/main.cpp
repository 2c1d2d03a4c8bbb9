// main.cpp - jobq driver entry
//
//   sc create jobq type= kernel binPath= C:\drv\jobq.sys
//   sc start jobq
#include <ntddk.h>
#include "JobQueue.h"
#include "log.h"

#define JQ_DEVICE_NAME  L"\\Device\\JobQ"
#define JQ_LINK_NAME    L"\\??\\JobQ"

using jq::JobQueue;

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

PDEVICE_OBJECT g_Device = nullptr;

DRIVER_UNLOAD   JqUnload;
DRIVER_DISPATCH JqCreateClose;
DRIVER_DISPATCH JqIoctl;

NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Info = 0)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

void JqUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNICODE_STRING link = RTL_CONSTANT_STRING(JQ_LINK_NAME);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%s", "unload");

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;

    JobQueue::Stop();
}

NTSTATUS JqCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

NTSTATUS JqIoctl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto inLen  = stack->Parameters.DeviceIoControl.InputBufferLength;
    auto outLen = stack->Parameters.DeviceIoControl.OutputBufferLength;
    auto buffer = Irp->AssociatedIrp.SystemBuffer;

    switch (stack->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_JQ_SUBMIT:
        if (inLen < FIELD_OFFSET(JQ_REQUEST, Data)) {
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        {
            // copy into a full-size request so short inputs are fine
            JQ_REQUEST req = {};
            RtlCopyMemory(&req, buffer, min(inLen, (ULONG)sizeof(req)));
            if (req.Length > inLen - FIELD_OFFSET(JQ_REQUEST, Data)) {
                return CompleteIrp(Irp, STATUS_INVALID_PARAMETER);
            }
            return CompleteIrp(Irp, JobQueue::Submit(&req));
        }

    case IOCTL_JQ_RESULT: {
        if (inLen < sizeof(ULONG) || outLen < sizeof(JQ_RESULT)) {
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        ULONG id = *static_cast<ULONG*>(buffer);
        JQ_RESULT res;
        if (!JobQueue::GetResult(id, &res)) {
            return CompleteIrp(Irp, STATUS_NOT_FOUND);
        }
        *static_cast<JQ_RESULT*>(buffer) = res;
        return CompleteIrp(Irp, STATUS_SUCCESS, sizeof(JQ_RESULT));
    }

    default:
        return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

} // namespace

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName = RTL_CONSTANT_STRING(JQ_DEVICE_NAME);
    UNICODE_STRING link    = RTL_CONSTANT_STRING(JQ_LINK_NAME);
    NTSTATUS status;

    FuncEntry(TRACE_DRIVER);

    status = JobQueue::Start();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_JOBQ,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "IoCreateDevice 0x%08X", status);
        JobQueue::Stop();
        return status;
    }
    g_Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "IoCreateSymbolicLink 0x%08X", status);
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
        JobQueue::Stop();
        return status;
    }

    DriverObject->DriverUnload = JqUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE]         = JqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = JqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = JqIoctl;

    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;

    FuncExit(TRACE_DRIVER, STATUS_SUCCESS);
    return STATUS_SUCCESS;
}
