//
// acshield - anti-cheat sensor driver.
// Protects one game process (handle stripping) and reports process,
// remote-thread, image-load and registry activity to the game service.
//
#include "Callbacks.h"

#define IOCTL_AC_SET_PROTECTED CTL_CODE(FILE_DEVICE_UNKNOWN, 0x810, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_AC_READ_EVENTS   CTL_CODE(FILE_DEVICE_UNKNOWN, 0x811, METHOD_BUFFERED, FILE_READ_ACCESS)

namespace {

PDEVICE_OBJECT g_Device;
UNICODE_STRING g_LinkName;

NTSTATUS Complete(_Inout_ PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

_Dispatch_type_(IRP_MJ_CREATE)
_Dispatch_type_(IRP_MJ_CLOSE)
static NTSTATUS AcCreateClose(_In_ PDEVICE_OBJECT, _Inout_ PIRP Irp)
{
    return Complete(Irp, STATUS_SUCCESS, 0);
}

_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)
static NTSTATUS AcDeviceControl(_In_ PDEVICE_OBJECT, _Inout_ PIRP Irp)
{
    auto stack = IoGetCurrentIrpStackLocation(Irp);
    const auto& dic = stack->Parameters.DeviceIoControl;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;

    switch (dic.IoControlCode) {
    case IOCTL_AC_SET_PROTECTED:
        if (dic.InputBufferLength < sizeof(ULONG)) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        Callbacks::SetProtectedProcess(ULongToHandle(*static_cast<PULONG>(buffer)));
        return Complete(Irp, STATUS_SUCCESS, 0);

    case IOCTL_AC_READ_EVENTS:
        if (dic.OutputBufferLength < sizeof(AcEventRecord)) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        return Complete(Irp, STATUS_SUCCESS, g_Events.Drain(buffer, dic.OutputBufferLength));

    default:
        return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }
}

static void AcUnload(_In_ PDRIVER_OBJECT)
{
    // producers first, then the objects they use
    Callbacks::UnregisterAll();

    IoDeleteSymbolicLink(&g_LinkName);
    IoDeleteDevice(g_Device);

    g_Events.Destroy();
    AC_LOG("unloaded");
}

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    UNICODE_STRING deviceName;
    RtlInitUnicodeString(&deviceName, L"\\Device\\AcShield");
    RtlInitUnicodeString(&g_LinkName, L"\\??\\AcShield");

    // state used by the callbacks exists before any callback is registered
    g_Events.Init();
    auto eventsGuard = ac::MakeGuard([] { g_Events.Destroy(); });

    NTSTATUS status = IoCreateDevice(DriverObject, 0, &deviceName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, TRUE, &g_Device);
    if (!NT_SUCCESS(status)) {
        AC_ERR("IoCreateDevice failed 0x%08X", status);
        return status;
    }
    auto deviceGuard = ac::MakeGuard([] { IoDeleteDevice(g_Device); g_Device = nullptr; });
    g_Device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&g_LinkName, &deviceName);
    if (!NT_SUCCESS(status)) {
        AC_ERR("IoCreateSymbolicLink failed 0x%08X", status);
        return status;
    }
    auto linkGuard = ac::MakeGuard([] { IoDeleteSymbolicLink(&g_LinkName); });

    status = Callbacks::RegisterAll(DriverObject);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE] = AcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = AcCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = AcDeviceControl;
    DriverObject->DriverUnload = AcUnload;

    linkGuard.Dismiss();
    deviceGuard.Dismiss();
    eventsGuard.Dismiss();

    AC_LOG("loaded");
    return STATUS_SUCCESS;
}
