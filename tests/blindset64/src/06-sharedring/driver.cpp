//
// sharedring - process start/stop events delivered to the agent through a
// shared memory ring instead of an IOCTL per event.
//
#include "SharedRing.h"

using namespace sr;

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

UNICODE_STRING g_DevName  = RTL_CONSTANT_STRING(L"\\Device\\SharedRing");
UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\SharedRing");
PDEVICE_OBJECT g_Device   = nullptr;

void OnProcess(PEPROCESS, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    if (CreateInfo) {
        SharedRing::Push(SrProcessStart, HandleToULong(ProcessId),
                         HandleToULong(CreateInfo->ParentProcessId), CreateInfo->ImageFileName);
    } else {
        SharedRing::Push(SrProcessStop, HandleToULong(ProcessId), 0, nullptr);
    }
}

NTSTATUS Finish(PIRP Irp, NTSTATUS Status, ULONG_PTR Info = 0)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS OnCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return Finish(Irp, STATUS_SUCCESS);
}

// Last handle of the agent went away: drop its view of the ring.
NTSTATUS OnCleanup(PDEVICE_OBJECT, PIRP Irp)
{
    SharedRing::UnmapFromUser(PsGetCurrentProcess());
    return Finish(Irp, STATUS_SUCCESS);
}

NTSTATUS OnIoctl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_SR_MAP: {
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(PVOID)) {
            return Finish(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        PVOID va = nullptr;
        NTSTATUS status = SharedRing::MapToUser(&va);
        if (!NT_SUCCESS(status)) {
            return Finish(Irp, status);
        }
        *static_cast<PVOID*>(Irp->AssociatedIrp.SystemBuffer) = va;
        return Finish(Irp, STATUS_SUCCESS, sizeof(PVOID));
    }
    case IOCTL_SR_UNMAP:
        SharedRing::UnmapFromUser(PsGetCurrentProcess());
        return Finish(Irp, STATUS_SUCCESS);
    default:
        return Finish(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

void OnUnload(PDRIVER_OBJECT)
{
    SR_TRACE("unload");

    PsSetCreateProcessNotifyRoutineEx(OnProcess, TRUE);
    Heartbeat::Stop();

    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Device);

    SharedRing::Destroy();
}

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING)
{
    NTSTATUS status;
    bool ring = false, device = false, link = false, beat = false;

    auto rollback = [&]() {
        if (beat)   Heartbeat::Stop();
        if (link)   IoDeleteSymbolicLink(&g_LinkName);
        if (device) { IoDeleteDevice(g_Device); g_Device = nullptr; }
        if (ring)   SharedRing::Destroy();
    };

    status = SharedRing::Create(SR_RING_BYTES);
    if (!NT_SUCCESS(status)) {
        SR_TRACE("ring create failed 0x%08X", status);
        return status;
    }
    ring = true;

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        rollback();
        return status;
    }
    device = true;
    g_Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
    if (!NT_SUCCESS(status)) {
        rollback();
        return status;
    }
    link = true;

    status = Heartbeat::Start();
    if (!NT_SUCCESS(status)) {
        rollback();
        return status;
    }
    beat = true;

    status = PsSetCreateProcessNotifyRoutineEx(OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        SR_TRACE("PsSetCreateProcessNotifyRoutineEx 0x%08X", status);
        rollback();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLEANUP]        = OnCleanup;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = OnIoctl;
    DriverObject->DriverUnload                         = OnUnload;

    SR_TRACE("ready");
    return STATUS_SUCCESS;
}
