//
// obprotect - protects a set of processes (and their threads) from being
// opened for termination / injection by other user-mode processes.
//
#include "Protector.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

UNICODE_STRING  g_DevName  = RTL_CONSTANT_STRING(L"\\Device\\ObProtect");
UNICODE_STRING  g_LinkName = RTL_CONSTANT_STRING(L"\\??\\ObProtect");
PDEVICE_OBJECT  g_Device   = nullptr;

NTSTATUS CompleteRequest(PIRP Irp, NTSTATUS Status)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return CompleteRequest(Irp, STATUS_SUCCESS);
}

NTSTATUS DispatchControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    const auto& dic = sp->Parameters.DeviceIoControl;

    if (dic.InputBufferLength < sizeof(ULONG)) {
        return CompleteRequest(Irp, STATUS_BUFFER_TOO_SMALL);
    }
    const HANDLE pid = ULongToHandle(*static_cast<PULONG>(Irp->AssociatedIrp.SystemBuffer));

    switch (dic.IoControlCode) {
    case IOCTL_OBP_ADD:    return CompleteRequest(Irp, obp::Protector::Add(pid));
    case IOCTL_OBP_REMOVE: return CompleteRequest(Irp, obp::Protector::Remove(pid));
    default:               return CompleteRequest(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

void DriverUnload(PDRIVER_OBJECT)
{
    OBP_LOG("unload");

    // no new IOCTLs can arrive once the device is gone
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;

    obp::Protector::Shutdown();
}

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    OBP_LOG("DriverEntry %wZ", RegistryPath);

    // Protector keeps its own copy of the service key path.
    NTSTATUS status = obp::Protector::Initialize(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &g_DevName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        OBP_LOG("IoCreateDevice failed 0x%08X", status);
        obp::Protector::Shutdown();
        return status;
    }
    g_Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_LinkName, &g_DevName);
    if (!NT_SUCCESS(status)) {
        OBP_LOG("IoCreateSymbolicLink failed 0x%08X", status);
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
        obp::Protector::Shutdown();
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchControl;
    DriverObject->DriverUnload                         = DriverUnload;

    return STATUS_SUCCESS;
}
