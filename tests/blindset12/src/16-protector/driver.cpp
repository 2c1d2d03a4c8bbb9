#include "protector.h"

using guardian::Protector;

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\Guardian");
UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\Guardian");

NTSTATUS CompleteIrp(PIRP irp, NTSTATUS status, ULONG_PTR info = 0)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return CompleteIrp(irp, STATUS_SUCCESS);
}

NTSTATUS DispatchIoctl(PDEVICE_OBJECT, PIRP irp)
{
    auto stack = IoGetCurrentIrpStackLocation(irp);
    auto& p = stack->Parameters.DeviceIoControl;

    switch (p.IoControlCode) {
    case IOCTL_GUARD_SET_PID: {
        if (p.InputBufferLength < sizeof(ULONG)) {
            return CompleteIrp(irp, STATUS_BUFFER_TOO_SMALL);
        }
        auto pid = *static_cast<ULONG*>(irp->AssociatedIrp.SystemBuffer);
        if (pid == 0 || pid == 4) {
            return CompleteIrp(irp, STATUS_INVALID_PARAMETER);
        }
        Protector::SetTarget(ULongToHandle(pid));
        KdPrint(("guardian: protecting %lu\n", pid));
        return CompleteIrp(irp, STATUS_SUCCESS);
    }
    case IOCTL_GUARD_CLEAR:
        Protector::SetTarget(nullptr);
        return CompleteIrp(irp, STATUS_SUCCESS);
    default:
        return CompleteIrp(irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

void GuardianUnload(PDRIVER_OBJECT DriverObject)
{
    Protector::Unregister();
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(DriverObject->DeviceObject);
    KdPrint(("guardian: unloaded\n"));
}

} // namespace

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    PDEVICE_OBJECT device = nullptr;
    auto status = IoCreateDevice(DriverObject, 0, &g_DeviceName, FILE_DEVICE_UNKNOWN,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("guardian: IoCreateDevice 0x%08X\n", status));
        return status;
    }
    auto deviceGuard = guardian::finally([&] { IoDeleteDevice(device); });

    status = IoCreateSymbolicLink(&g_LinkName, &g_DeviceName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("guardian: IoCreateSymbolicLink 0x%08X\n", status));
        return status;
    }
    auto linkGuard = guardian::finally([&] { IoDeleteSymbolicLink(&g_LinkName); });

    // needs /INTEGRITYCHECK on the image, otherwise STATUS_ACCESS_DENIED
    status = Protector::Register();
    if (!NT_SUCCESS(status)) {
        KdPrint(("guardian: ObRegisterCallbacks 0x%08X\n", status));
        return status;
    }

    DriverObject->DriverUnload = GuardianUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;

    linkGuard.Dismiss();
    deviceGuard.Dismiss();
    return STATUS_SUCCESS;
}
