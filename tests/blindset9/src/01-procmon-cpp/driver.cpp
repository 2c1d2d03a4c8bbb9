// ProcMonCpp - process / thread / image load monitor
// user mode client: ReadFile(\\.\ProcMonCpp) returns packed events (see monitor.h)

#include "monitor.h"

using procmon::Monitor;

namespace {

UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\ProcMonCpp");
UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\ProcMonCpp");

NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS status = STATUS_SUCCESS, ULONG_PTR info = 0)
{
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

} // namespace

DRIVER_UNLOAD ProcMonUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) DRIVER_DISPATCH ProcMonCreateClose;
_Dispatch_type_(IRP_MJ_READ) DRIVER_DISPATCH ProcMonRead;

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    PDEVICE_OBJECT device = nullptr;
    int stage = 0;

    Monitor::Initialize(8192);

    // one place to unwind whatever got set up so far
    auto rollback = [&](NTSTATUS failure) -> NTSTATUS {
        LOG("init failed at stage %d: 0x%08X", stage, failure);
        if (stage >= 3) {
            PsSetCreateProcessNotifyRoutineEx(Monitor::OnProcess, TRUE);
        }
        if (stage >= 2) {
            IoDeleteSymbolicLink(&g_LinkName);
        }
        if (stage >= 1) {
            IoDeleteDevice(device);
        }
        Monitor::Shutdown();
        return failure;
    };

    DriverObject->DriverUnload = ProcMonUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ProcMonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = ProcMonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = ProcMonRead;

    auto status = IoCreateDevice(DriverObject, 0, &g_DeviceName, FILE_DEVICE_UNKNOWN,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return rollback(status);
    }
    device->Flags |= DO_DIRECT_IO;
    stage = 1;

    status = IoCreateSymbolicLink(&g_LinkName, &g_DeviceName);
    if (!NT_SUCCESS(status)) {
        return rollback(status);
    }
    stage = 2;

    status = PsSetCreateProcessNotifyRoutineEx(Monitor::OnProcess, FALSE);
    if (!NT_SUCCESS(status)) {
        return rollback(status);
    }
    stage = 3;

    status = PsSetCreateThreadNotifyRoutine(Monitor::OnThread);
    if (!NT_SUCCESS(status)) {
        return rollback(status);
    }
    stage = 4;

    status = PsSetLoadImageNotifyRoutine(Monitor::OnImage);
    if (!NT_SUCCESS(status)) {
        return rollback(status);
    }
    stage = 5;

    device->Flags &= ~DO_DEVICE_INITIALIZING;
    LOG("loaded, stage %d", stage);
    return STATUS_SUCCESS;
}

void ProcMonUnload(PDRIVER_OBJECT DriverObject)
{
    PsSetCreateProcessNotifyRoutineEx(Monitor::OnProcess, TRUE);
    PsRemoveCreateThreadNotifyRoutine(Monitor::OnThread);

    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(DriverObject->DeviceObject);

    Monitor::Shutdown();
    LOG("unloaded");
}

NTSTATUS ProcMonCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return CompleteIrp(Irp);
}

NTSTATUS ProcMonRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    const ULONG length = stack->Parameters.Read.Length;
    if (length == 0 || Irp->MdlAddress == nullptr) {
        return CompleteIrp(Irp, STATUS_INVALID_BUFFER_SIZE);
    }

    auto buffer = static_cast<PUCHAR>(
        MmGetSystemAddressForMdlSafe(Irp->MdlAddress, NormalPagePriority | MdlMappingNoExecute));
    if (!buffer) {
        return CompleteIrp(Irp, STATUS_INSUFFICIENT_RESOURCES);
    }

    const ULONG written = Monitor::Drain(buffer, length);
    return CompleteIrp(Irp, STATUS_SUCCESS, written);
}
