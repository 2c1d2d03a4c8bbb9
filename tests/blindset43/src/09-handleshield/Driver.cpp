//
// HandleShield - strips terminate / VM write / suspend rights from handles to
// processes registered by the anti-cheat service.
//
#include "Shield.h"

using hs::Shield;

namespace {

PDEVICE_OBJECT g_Device;

NTSTATUS Complete(PIRP irp, NTSTATUS status, ULONG_PTR info = 0)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return Complete(irp, STATUS_SUCCESS);
}

NTSTATUS DispatchDeviceControl(PDEVICE_OBJECT, PIRP irp)
{
    auto stack = IoGetCurrentIrpStackLocation(irp);
    auto& p = stack->Parameters.DeviceIoControl;

    if (p.IoControlCode != IOCTL_HS_ADD && p.IoControlCode != IOCTL_HS_REMOVE) {
        return Complete(irp, STATUS_INVALID_DEVICE_REQUEST);
    }
    if (p.InputBufferLength < sizeof(ULONG) || !irp->AssociatedIrp.SystemBuffer) {
        return Complete(irp, STATUS_BUFFER_TOO_SMALL);
    }

    ULONG pid = *static_cast<PULONG>(irp->AssociatedIrp.SystemBuffer);
    if (pid <= 4) {
        return Complete(irp, STATUS_INVALID_PARAMETER);
    }

    NTSTATUS status = (p.IoControlCode == IOCTL_HS_ADD)
                          ? Shield::Add(ULongToHandle(pid))
                          : Shield::Remove(ULongToHandle(pid));
    return Complete(irp, status);
}

void DriverUnload(PDRIVER_OBJECT)
{
    UNICODE_STRING link = RTL_CONSTANT_STRING(HS_LINK);

    // callbacks first: after this nothing looks at the list any more
    Shield::StopCallbacks();
    Shield::Cleanup();

    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Device);
    g_Device = nullptr;

    HS_LOG("unloaded");
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING)
{
    UNICODE_STRING devName = RTL_CONSTANT_STRING(HS_DEVICE);
    UNICODE_STRING link    = RTL_CONSTANT_STRING(HS_LINK);

    // list and lock must exist before any callback can fire
    NTSTATUS status = Shield::Init();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        HS_LOG("IoCreateDevice 0x%X", status);
        return status;
    }
    auto undoDevice = kg::OnFailure([] { IoDeleteDevice(g_Device); g_Device = nullptr; });

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        HS_LOG("IoCreateSymbolicLink 0x%X", status);
        return status;
    }
    auto undoLink = kg::OnFailure([&link] { IoDeleteSymbolicLink(&link); });

    status = Shield::StartCallbacks();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->DriverUnload = DriverUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchDeviceControl;

    g_Device->Flags |= DO_BUFFERED_IO;
    g_Device->Flags &= ~DO_DEVICE_INITIALIZING;

    undoLink.Commit();
    undoDevice.Commit();

    HS_LOG("ready");
    return STATUS_SUCCESS;
}
