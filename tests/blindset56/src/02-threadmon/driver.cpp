#include "Monitor.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

PDEVICE_OBJECT g_Device = nullptr;
UNICODE_STRING g_SymLink = RTL_CONSTANT_STRING(THM_SYMLINK_NAME);

NTSTATUS CompleteIrp(PIRP Irp, NTSTATUS status = STATUS_SUCCESS, ULONG_PTR info = 0)
{
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

NTSTATUS ThmCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return CompleteIrp(Irp);
}

NTSTATUS ThmDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto stack  = IoGetCurrentIrpStackLocation(Irp);
    auto& dic   = stack->Parameters.DeviceIoControl;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;
    ULONG_PTR info = 0;

    switch (dic.IoControlCode) {
    case IOCTL_THM_READ:
        if (dic.OutputBufferLength < sizeof(ItemHeader)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        info = Monitor::Read(static_cast<PUCHAR>(Irp->AssociatedIrp.SystemBuffer),
                             dic.OutputBufferLength);
        status = STATUS_SUCCESS;
        break;

    case IOCTL_THM_CLEAR:
        Monitor::Clear();
        status = STATUS_SUCCESS;
        break;
    }

    return CompleteIrp(Irp, status, info);
}

void ThmUnload(PDRIVER_OBJECT DriverObject)
{
    LOG("unload, %lu items still queued", Monitor::Count());

    Monitor::Stop();

    IoDeleteSymbolicLink(&g_SymLink);
    IoDeleteDevice(DriverObject->DeviceObject);
}

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName = RTL_CONSTANT_STRING(THM_DEVICE_NAME);
    bool linkCreated = false;
    NTSTATUS status;

    do {
        status = IoCreateDevice(DriverObject, 0, &devName, THM_DEVICE_TYPE,
                                FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
        if (!NT_SUCCESS(status)) {
            LOG("IoCreateDevice failed (0x%08X)", status);
            break;
        }
        g_Device->Flags |= DO_BUFFERED_IO;

        status = IoCreateSymbolicLink(&g_SymLink, &devName);
        if (!NT_SUCCESS(status)) {
            LOG("IoCreateSymbolicLink failed (0x%08X)", status);
            break;
        }
        linkCreated = true;

        status = Monitor::Start();
        if (!NT_SUCCESS(status)) {
            break;
        }
    } while (false);

    if (!NT_SUCCESS(status)) {
        if (linkCreated) {
            IoDeleteSymbolicLink(&g_SymLink);
        }
        if (g_Device) {
            IoDeleteDevice(g_Device);
            g_Device = nullptr;
        }
        return status;
    }

    DriverObject->DriverUnload = ThmUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = ThmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]  = ThmCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ThmDeviceControl;

    LOG("loaded");
    return STATUS_SUCCESS;
}
