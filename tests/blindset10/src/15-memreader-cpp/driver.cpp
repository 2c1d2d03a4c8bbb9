// driver.cpp - memrd: read another process' memory and list processes for memctl.exe
//
// Research toy.  Anyone who can open \\.\MemRd can read any process, so the
// device is admin/system only (FILE_DEVICE_SECURE_OPEN + default SD).
#include "Memory.h"

namespace {

UNICODE_STRING g_DeviceName = RTL_CONSTANT_STRING(L"\\Device\\MemRd");
UNICODE_STRING g_LinkName = RTL_CONSTANT_STRING(L"\\??\\MemRd");

NTSTATUS Finish(PIRP irp, NTSTATUS status, ULONG_PTR info = 0)
{
    irp->IoStatus.Status = status;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS OnCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return Finish(irp, STATUS_SUCCESS);
}

NTSTATUS OnDeviceControl(PDEVICE_OBJECT, PIRP irp)
{
    auto sp = IoGetCurrentIrpStackLocation(irp);
    auto& dic = sp->Parameters.DeviceIoControl;
    auto buffer = irp->AssociatedIrp.SystemBuffer;

    switch (static_cast<MemIoctl>(dic.IoControlCode)) {
    case MemIoctl::ReadMemory: {
        if (dic.InputBufferLength < sizeof(ReadRequest)) {
            return Finish(irp, STATUS_BUFFER_TOO_SMALL);
        }
        auto req = *static_cast<ReadRequest*>(buffer);     // copy before we overwrite it
        ULONG copied = 0;
        auto status = memrd::ReadProcessMemory(req, buffer, dic.OutputBufferLength, &copied);
        return Finish(irp, status, copied);
    }
    case MemIoctl::ListProcesses: {
        ULONG count = 0;
        auto status = memrd::ListProcesses(static_cast<ProcessEntry*>(buffer),
                                           dic.OutputBufferLength / sizeof(ProcessEntry), &count);
        return Finish(irp, status, count * sizeof(ProcessEntry));
    }
    }
    return Finish(irp, STATUS_INVALID_DEVICE_REQUEST);
}

void OnUnload(PDRIVER_OBJECT DriverObject)
{
    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(DriverObject->DeviceObject);
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    PDEVICE_OBJECT device = nullptr;
    auto status = IoCreateDevice(DriverObject, 0, &g_DeviceName, FILE_DEVICE_UNKNOWN,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("memrd: IoCreateDevice 0x%08X\n", status));
        return status;
    }
    auto deviceGuard = kstd::make_scope_exit([&] { IoDeleteDevice(device); });

    DriverObject->DriverUnload = OnUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = OnDeviceControl;

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    deviceGuard.release();      // device is fully set up

    status = IoCreateSymbolicLink(&g_LinkName, &g_DeviceName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("memrd: IoCreateSymbolicLink 0x%08X\n", status));
        return status;
    }

    KdPrint(("memrd: ready\n"));
    return STATUS_SUCCESS;
}
