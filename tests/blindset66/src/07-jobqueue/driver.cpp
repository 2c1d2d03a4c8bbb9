//
// jobq.sys - async helper for the overlay. IOCTL_JQ_SUBMIT queues a job on a
// work item, IOCTL_JQ_HISTORY returns the last results.
//
#include "JobQueue.h"

namespace
{
    PDEVICE_OBJECT  g_Device  = nullptr;
    JobResult*      g_History = nullptr;

    UNICODE_STRING  g_DevName = RTL_CONSTANT_STRING(L"\\Device\\JobQ");
    UNICODE_STRING  g_Link    = RTL_CONSTANT_STRING(L"\\??\\JobQ");

    NTSTATUS Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
    {
        Irp->IoStatus.Status = Status;
        Irp->IoStatus.Information = Info;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        return Status;
    }
}

extern "C" DRIVER_INITIALIZE DriverEntry;

static NTSTATUS OnCreateClose(_In_ PDEVICE_OBJECT, _Inout_ PIRP Irp)
{
    return Complete(Irp, STATUS_SUCCESS, 0);
}

static NTSTATUS OnIoctl(_In_ PDEVICE_OBJECT, _Inout_ PIRP Irp)
{
    auto sp     = IoGetCurrentIrpStackLocation(Irp);
    auto buf    = Irp->AssociatedIrp.SystemBuffer;
    auto inLen  = sp->Parameters.DeviceIoControl.InputBufferLength;
    auto outLen = sp->Parameters.DeviceIoControl.OutputBufferLength;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_JQ_SUBMIT: {
        if (inLen < sizeof(JobRequest)) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        auto st = JobQueue::Submit(*static_cast<JobRequest*>(buf));
        // the job runs detached; STATUS_PENDING from Submit just means "queued"
        return Complete(Irp, st == STATUS_PENDING ? STATUS_SUCCESS : st, 0);
    }
    case IOCTL_JQ_HISTORY: {
        auto max = outLen / sizeof(JobResult);
        auto n = JobQueue::CopyHistory(static_cast<JobResult*>(buf), (ULONG)max);
        return Complete(Irp, STATUS_SUCCESS, n * sizeof(JobResult));
    }
    default:
        return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

static VOID OnUnload(_In_ PDRIVER_OBJECT)
{
    JQ_LOG("unload");

    IoDeleteSymbolicLink(&g_Link);
    JobQueue::Shutdown();
    IoDeleteDevice(g_Device);
    g_Device = nullptr;

    FREE_POOL(g_History);
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = STATUS_SUCCESS;

    DriverObject->DriverUnload                         = OnUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE]         = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = OnIoctl;

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        JQ_LOG("IoCreateDevice 0x%X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&g_Link, &g_DevName);
    if (!NT_SUCCESS(status)) {
        JQ_LOG("IoCreateSymbolicLink 0x%X", status);
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
        return status;
    }

    status = JobQueue::Init(g_Device);
    if (!NT_SUCCESS(status)) {
        goto undo_link;
    }

    g_History = static_cast<JobResult*>(
        ExAllocatePoolWithTag(NonPagedPoolNx, JQ_HISTORY_SLOTS * sizeof(JobResult), JQ_TAG));
    if (g_History == nullptr) {
        JQ_LOG("no memory for history");
        JobQueue::Shutdown();
        goto undo_link;
    }
    RtlZeroMemory(g_History, JQ_HISTORY_SLOTS * sizeof(JobResult));
    JobQueue::AttachHistory(g_History, JQ_HISTORY_SLOTS);

    g_Device->Flags |= DO_BUFFERED_IO;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;

    JQ_LOG("loaded");
    return STATUS_SUCCESS;

undo_link:
    IoDeleteSymbolicLink(&g_Link);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;
    return status;
}
