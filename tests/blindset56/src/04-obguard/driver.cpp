#include "ObProtect.h"

using namespace obguard;

extern "C" DRIVER_INITIALIZE DriverEntry;

static DRIVER_UNLOAD   ObgUnload;
static DRIVER_DISPATCH ObgCreateClose;
static DRIVER_DISPATCH ObgDeviceControl;

static UNICODE_STRING s_SymLink = RTL_CONSTANT_STRING(OBG_SYMLINK_NAME);

static NTSTATUS ObgCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    Irp->IoStatus.Status = STATUS_SUCCESS;
    Irp->IoStatus.Information = 0;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_SUCCESS;
}

static NTSTATUS ObgDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    auto buffer = Irp->AssociatedIrp.SystemBuffer;
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    switch (sp->Parameters.DeviceIoControl.IoControlCode) {
    case IOCTL_OBG_PROTECT:
        if (sp->Parameters.DeviceIoControl.InputBufferLength < sizeof(ULONG)) {
            status = STATUS_INVALID_PARAMETER;
            break;
        }
        Protector::Protect(*static_cast<PULONG>(buffer));
        OBG_PRINT("now protecting %lu", Protector::ProtectedPid());
        break;

    case IOCTL_OBG_UNPROTECT:
        Protector::Unprotect();
        break;

    case IOCTL_OBG_QUERY:
        if (sp->Parameters.DeviceIoControl.OutputBufferLength < sizeof(ULONG)) {
            status = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        *static_cast<PULONG>(buffer) = Protector::ProtectedPid();
        info = sizeof(ULONG);
        break;

    default:
        status = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

static void ObgUnload(PDRIVER_OBJECT DriverObject)
{
    Protector::Unregister();
    ProcTrack::Stop();

    IoDeleteSymbolicLink(&s_SymLink);
    IoDeleteDevice(DriverObject->DeviceObject);

    OBG_PRINT("unloaded");
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING devName = RTL_CONSTANT_STRING(OBG_DEVICE_NAME);
    PDEVICE_OBJECT device = nullptr;

    auto status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        OBG_PRINT("IoCreateDevice 0x%08X", status);
        return status;
    }

    status = IoCreateSymbolicLink(&s_SymLink, &devName);
    if (!NT_SUCCESS(status)) {
        OBG_PRINT("IoCreateSymbolicLink 0x%08X", status);
        IoDeleteDevice(device);
        return status;
    }

    status = ProcTrack::Start();
    if (!NT_SUCCESS(status)) {
        IoDeleteSymbolicLink(&s_SymLink);
        IoDeleteDevice(device);
        return status;
    }

    status = Protector::Register();
    if (!NT_SUCCESS(status)) {
        ProcTrack::Stop();
        IoDeleteSymbolicLink(&s_SymLink);
        IoDeleteDevice(device);
        return status;
    }

    device->Flags |= DO_BUFFERED_IO;

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = ObgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = ObgCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = ObgDeviceControl;
    DriverObject->DriverUnload = ObgUnload;

    OBG_PRINT("loaded");
    return STATUS_SUCCESS;
}
