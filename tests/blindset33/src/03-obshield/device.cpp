// device.cpp - control device and IOCTL handling
#include "shield.h"

namespace shield {

namespace {

NTSTATUS Complete(PIRP Irp, NTSTATUS status, ULONG_PTR info = 0)
{
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return Complete(Irp, STATUS_SUCCESS);
}

NTSTATUS DispatchIoctl(PDEVICE_OBJECT, PIRP Irp)
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    auto& params = stack->Parameters.DeviceIoControl;
    auto buffer = Irp->AssociatedIrp.SystemBuffer;

    switch (params.IoControlCode) {
    case IOCTL_SHIELD_PROTECT_PID: {
        if (params.InputBufferLength < sizeof(ULONG)) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        ULONG pid = *static_cast<ULONG*>(buffer);
        PEPROCESS process = nullptr;
        NTSTATUS status = PsLookupProcessByProcessId(ULongToHandle(pid), &process);
        if (!NT_SUCCESS(status)) {
            return Complete(Irp, status);
        }
        ObDereferenceObject(process);
        InterlockedExchange(&g.ProtectedPid, static_cast<LONG>(pid));
        LOG("protecting pid %lu", pid);
        return Complete(Irp, STATUS_SUCCESS);
    }
    case IOCTL_SHIELD_UNPROTECT:
        InterlockedExchange(&g.ProtectedPid, 0);
        return Complete(Irp, STATUS_SUCCESS);

    case IOCTL_SHIELD_QUERY: {
        if (params.OutputBufferLength < sizeof(ShieldQuery)) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        auto q = static_cast<ShieldQuery*>(buffer);
        q->ProtectedPid = static_cast<ULONG>(g.ProtectedPid);
        q->StrippedHandles = static_cast<ULONG>(g.StrippedHandles);
        q->ImagesSeen = static_cast<ULONG>(g.ImagesSeen);
        return Complete(Irp, STATUS_SUCCESS, sizeof(ShieldQuery));
    }
    default:
        return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST);
    }
}

} // anonymous namespace

namespace device {

NTSTATUS Create(PDRIVER_OBJECT DriverObject, PUNICODE_STRING DeviceName)
{
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchIoctl;

    NTSTATUS status = IoCreateDevice(DriverObject, 0, DeviceName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &g.Device);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateDevice failed %08X", status);
        return status;
    }
    g.Device->Flags |= DO_BUFFERED_IO;
    return STATUS_SUCCESS;
}

void Destroy()
{
    if (g.Device != nullptr) {
        IoDeleteDevice(g.Device);
        g.Device = nullptr;
    }
}

} // namespace device

} // namespace shield
