// driver.cpp - DriverEntry, dispatch and unload for proctrack
#include "proctrack.h"

namespace {

PDEVICE_OBJECT g_DeviceObject = nullptr;
bool g_ProcessNotify = false;
bool g_ThreadNotify = false;

// thin C-style trampolines so the kernel sees plain function pointers
void ProcessNotifyEx(PEPROCESS Process, HANDLE ProcessId, PPS_CREATE_NOTIFY_INFO CreateInfo)
{
    pt::Tracker::OnProcess(Process, ProcessId, CreateInfo);
}

void ThreadNotify(HANDLE ProcessId, HANDLE ThreadId, BOOLEAN Create)
{
    pt::Tracker::OnThread(ProcessId, ThreadId, Create);
}

NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS Status, ULONG_PTR Info = 0)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

} // anonymous namespace

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
DRIVER_DISPATCH PtCreateClose;

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
DRIVER_DISPATCH PtDeviceControl;

DRIVER_UNLOAD PtUnload;

NTSTATUS PtCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return CompleteIrp(Irp, STATUS_SUCCESS);
}

NTSTATUS PtDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& dic = stack->Parameters.DeviceIoControl;

    switch (dic.IoControlCode) {
    case IOCTL_PT_GET_COUNT:
        if (dic.OutputBufferLength < sizeof(pt::Counters)) {
            return CompleteIrp(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        pt::Tracker::Snapshot(static_cast<pt::Counters*>(Irp->AssociatedIrp.SystemBuffer));
        return CompleteIrp(Irp, STATUS_SUCCESS, sizeof(pt::Counters));

    case IOCTL_PT_RESET:
        pt::Tracker::Reset();
        return CompleteIrp(Irp, STATUS_SUCCESS);

    default:
        break;
    }
    return CompleteIrp(Irp, STATUS_INVALID_DEVICE_REQUEST);
}

void PtUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);
    UNICODE_STRING link = RTL_CONSTANT_STRING(PT_SYMLINK_NAME);

    if (g_ThreadNotify) {
        PsRemoveCreateThreadNotifyRoutine(ThreadNotify);
        g_ThreadNotify = false;
    }
    if (g_ProcessNotify) {
        PsSetCreateProcessNotifyRoutine(reinterpret_cast<PCREATE_PROCESS_NOTIFY_ROUTINE>(ProcessNotifyEx), TRUE);
        g_ProcessNotify = false;
    }

    pt::Tracker::Shutdown();

    IoDeleteSymbolicLink(&link);
    if (g_DeviceObject) {
        IoDeleteDevice(g_DeviceObject);
        g_DeviceObject = nullptr;
    }
    PT_LOG("unloaded");
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    UNICODE_STRING devName = RTL_CONSTANT_STRING(PT_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(PT_SYMLINK_NAME);
    NTSTATUS status;

    PT_LOG("DriverEntry %p", DriverObject);

    status = pt::Tracker::Initialize();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_DeviceObject);
    if (!NT_SUCCESS(status)) {
        PT_ERR("IoCreateDevice 0x%08X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        PT_ERR("IoCreateSymbolicLink 0x%08X", status);
        return status;
    }

    status = PsSetCreateProcessNotifyRoutineEx(ProcessNotifyEx, FALSE);
    if (!NT_SUCCESS(status)) {
        PT_ERR("PsSetCreateProcessNotifyRoutineEx 0x%08X (linked with /INTEGRITYCHECK?)", status);
        goto fail;
    }
    g_ProcessNotify = true;

    status = PsSetCreateThreadNotifyRoutine(ThreadNotify);
    if (!NT_SUCCESS(status)) {
        PT_ERR("PsSetCreateThreadNotifyRoutine 0x%08X", status);
        goto fail;
    }
    g_ThreadNotify = true;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = PtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = PtCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = PtDeviceControl;
    DriverObject->DriverUnload = PtUnload;

    PT_LOG("loaded");
    return STATUS_SUCCESS;

fail:
    if (g_ProcessNotify) {
        PsSetCreateProcessNotifyRoutineEx(ProcessNotifyEx, TRUE);
        g_ProcessNotify = false;
    }
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_DeviceObject);
    g_DeviceObject = nullptr;
    pt::Tracker::Shutdown();
    return status;
}
