#include "guard.h"

using namespace gg;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD     GgUnload;
static DRIVER_DISPATCH   GgCreateClose;
static DRIVER_DISPATCH   GgIoctl;

static PDEVICE_OBJECT g_Device = nullptr;

static NTSTATUS Complete(PIRP irp, NTSTATUS st, ULONG_PTR info = 0)
{
    irp->IoStatus.Status = st;
    irp->IoStatus.Information = info;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    return st;
}

static NTSTATUS GgCreateClose(PDEVICE_OBJECT, PIRP irp)
{
    return Complete(irp, STATUS_SUCCESS);
}

static NTSTATUS GgIoctl(PDEVICE_OBJECT, PIRP irp)
{
    auto stack = IoGetCurrentIrpStackLocation(irp);
    auto& dic = stack->Parameters.DeviceIoControl;
    NTSTATUS status = STATUS_INVALID_DEVICE_REQUEST;

    switch (dic.IoControlCode) {
    case IOCTL_GG_PROTECT:
    case IOCTL_GG_UNPROTECT: {
        if (dic.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        ULONG pid = *static_cast<PULONG>(irp->AssociatedIrp.SystemBuffer);
        if (pid == 0 || pid == 4) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        status = (dic.IoControlCode == IOCTL_GG_PROTECT) ? Guard::Add(pid) : Guard::Remove(pid);
        GG_LOG("%s pid %lu -> 0x%08X", dic.IoControlCode == IOCTL_GG_PROTECT ? "protect" : "unprotect", pid, status);
        break;
    }
    case IOCTL_GG_CLEAR:
        Guard::Clear();
        status = STATUS_SUCCESS;
        break;
    }
    return Complete(irp, status);
}

static void GgUnload(PDRIVER_OBJECT)
{
    Guard::RemoveCallbacks();

    UNICODE_STRING link = RTL_CONSTANT_STRING(GG_SYMLINK);
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(g_Device);

    Guard::FreeState();
    GG_LOG("unloaded");
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING)
{
    GG_LOG("loading...");

    NTSTATUS status = Guard::InstallCallbacks();
    if (!NT_SUCCESS(status)) {
        GG_LOG("failed to install ob callbacks (0x%08X), continuing without them", status);
    }

    UNICODE_STRING devName = RTL_CONSTANT_STRING(GG_DEVICE);
    UNICODE_STRING link = RTL_CONSTANT_STRING(GG_SYMLINK);

    status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        GG_LOG("IoCreateDevice failed 0x%08X", status);
        Guard::RemoveCallbacks();
        return status;
    }

    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        GG_LOG("IoCreateSymbolicLink failed 0x%08X", status);
        IoDeleteDevice(g_Device);
        Guard::RemoveCallbacks();
        return status;
    }

    Guard::InitState();

    g_Device->Flags |= DO_BUFFERED_IO;
    DriverObject->DriverUnload = GgUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = GgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = GgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = GgIoctl;

    GG_LOG("loaded, protecting nothing yet");
    return STATUS_SUCCESS;
}
