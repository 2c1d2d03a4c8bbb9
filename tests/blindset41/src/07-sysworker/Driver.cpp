#include "Driver.h"
#include "Worker.h"

PDEVICE_OBJECT Driver::s_Device = nullptr;
UNICODE_STRING Driver::s_SymLink = RTL_CONSTANT_STRING(SW_SYMLINK_NAME);

NTSTATUS Driver::Initialize(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    SW_LOG("Driver::Initialize");

    UNICODE_STRING deviceName = RTL_CONSTANT_STRING(SW_DEVICE_NAME);
    PDEVICE_OBJECT device = nullptr;

    RETURN_IF_NT_FAILED(IoCreateDevice(DriverObject,
                                       0,
                                       &deviceName,
                                       FILE_DEVICE_UNKNOWN,
                                       FILE_DEVICE_SECURE_OPEN,
                                       FALSE,
                                       &device));
    auto deviceGuard = sw::MakeGuard([device] { IoDeleteDevice(device); });

    RETURN_IF_NT_FAILED(IoCreateSymbolicLink(&s_SymLink, &deviceName));
    auto linkGuard = sw::MakeGuard([] { IoDeleteSymbolicLink(&s_SymLink); });

    RETURN_IF_NT_FAILED(Worker::Start());

    DriverObject->MajorFunction[IRP_MJ_CREATE]         = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]          = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchDeviceControl;
    DriverObject->DriverUnload                         = Unload;

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;

    s_Device = device;
    linkGuard.Dismiss();
    deviceGuard.Dismiss();

    SW_LOG("up");
    return STATUS_SUCCESS;
}

void Driver::Unload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    Worker::Stop();

    IoDeleteSymbolicLink(&s_SymLink);
    IoDeleteDevice(s_Device);
    s_Device = nullptr;

    SW_LOG("unloaded");
}

NTSTATUS Driver::Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS Driver::DispatchCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);
    return Complete(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS Driver::DispatchDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    const auto& ioctl = IoGetCurrentIrpStackLocation(Irp)->Parameters.DeviceIoControl;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;

    switch (ioctl.IoControlCode) {
    case IOCTL_SW_POST_JOB: {
        if (ioctl.InputBufferLength < sizeof(SW_JOB_REQUEST) || buffer == nullptr) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        const auto req = static_cast<const SW_JOB_REQUEST*>(buffer);
        if (req->Kind != static_cast<ULONG>(JobKind::Ping) && req->Kind != static_cast<ULONG>(JobKind::Delay)) {
            return Complete(Irp, STATUS_INVALID_PARAMETER, 0);
        }
        const bool queued = Worker::Post(static_cast<JobKind>(req->Kind), req->DelayMs, req->Cookie);
        return Complete(Irp, queued ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES, 0);
    }

    case IOCTL_SW_GET_COUNT:
        if (ioctl.OutputBufferLength < sizeof(LONG) || buffer == nullptr) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        *static_cast<LONG*>(buffer) = Worker::Processed();
        return Complete(Irp, STATUS_SUCCESS, sizeof(LONG));

    default:
        return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}
