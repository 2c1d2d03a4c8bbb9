#include "imgguard.h"

namespace ig {

PDEVICE_OBJECT Device::s_Object = nullptr;

NTSTATUS Device::Create(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING name = RTL_CONSTANT_STRING(IG_DEVICE_NAME);
    UNICODE_STRING link = RTL_CONSTANT_STRING(IG_LINK_NAME);

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &name, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &s_Object);
    if (!NT_SUCCESS(status)) {
        IG_LOG("IoCreateDevice failed 0x%08X", status);
        s_Object = nullptr;
        return status;
    }

    status = IoCreateSymbolicLink(&link, &name);
    if (!NT_SUCCESS(status)) {
        IG_LOG("IoCreateSymbolicLink failed 0x%08X", status);
        IoDeleteDevice(s_Object);
        return status;
    }

    s_Object->Flags |= DO_BUFFERED_IO;
    s_Object->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}

void Device::Destroy()
{
    if (s_Object) {
        UNICODE_STRING link = RTL_CONSTANT_STRING(IG_LINK_NAME);
        IoDeleteSymbolicLink(&link);
        IoDeleteDevice(s_Object);
        s_Object = nullptr;
    }
}

NTSTATUS Device::Dispatch(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    UNREFERENCED_PARAMETER(DeviceObject);

    auto stack = IoGetCurrentIrpStackLocation(Irp);
    NTSTATUS status = STATUS_SUCCESS;
    ULONG_PTR info = 0;

    if (stack->MajorFunction == IRP_MJ_DEVICE_CONTROL) {
        auto& p = stack->Parameters.DeviceIoControl;
        auto buffer = Irp->AssociatedIrp.SystemBuffer;

        switch (p.IoControlCode) {
        case IOCTL_IG_SET_GAME_PID:
            if (p.InputBufferLength < sizeof(ULONG)) {
                status = STATUS_BUFFER_TOO_SMALL;
                break;
            }
            ImageFilter::SetGamePid(ULongToHandle(*static_cast<PULONG>(buffer)));
            break;

        case IOCTL_IG_GET_MODULES:
            if (p.OutputBufferLength < sizeof(ModuleInfo)) {
                status = STATUS_BUFFER_TOO_SMALL;
                break;
            }
            info = ImageFilter::Snapshot(static_cast<ModuleInfo*>(buffer),
                                         static_cast<ULONG>(p.OutputBufferLength / sizeof(ModuleInfo))) * sizeof(ModuleInfo);
            break;

        default:
            status = STATUS_INVALID_DEVICE_REQUEST;
            break;
        }
    }

    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

} // namespace ig
