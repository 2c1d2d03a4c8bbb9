// driver.cpp - sysmon-lite: process and thread start/exit feed for a user mode viewer
//
// The viewer opens \\.\SysmonLite and ReadFile()s SysmonEvent records.
#include "kutil.h"
#include "EventLog.h"

namespace {

constexpr auto DeviceName = L"\\Device\\SysmonLite";
constexpr auto LinkName   = L"\\??\\SysmonLite";

// How far DriverEntry got; Unload is simply "everything".
enum class Stage { None, Device, Link, Callbacks };

void TearDown(PDRIVER_OBJECT DriverObject, Stage reached)
{
    UNICODE_STRING link;
    RtlInitUnicodeString(&link, LinkName);

    switch (reached) {
    case Stage::Callbacks:
        EventLog::Stop();
        [[fallthrough]];
    case Stage::Link:
        IoDeleteSymbolicLink(&link);
        [[fallthrough]];
    case Stage::Device:
        if (DriverObject->DeviceObject != nullptr) {
            IoDeleteDevice(DriverObject->DeviceObject);
        }
        [[fallthrough]];
    case Stage::None:
        break;
    }
}

NTSTATUS Complete(PIRP Irp, NTSTATUS status = STATUS_SUCCESS, ULONG_PTR info = 0)
{
    Irp->IoStatus.Status = status;
    Irp->IoStatus.Information = info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return status;
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD SysmonUnload;
DRIVER_DISPATCH SysmonCreateClose;
DRIVER_DISPATCH SysmonRead;
DRIVER_DISPATCH SysmonDeviceControl;

void SysmonUnload(PDRIVER_OBJECT DriverObject)
{
    TearDown(DriverObject, Stage::Callbacks);
    KdPrint(("sysmon: unloaded\n"));
}

NTSTATUS SysmonCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return Complete(Irp);
}

NTSTATUS SysmonRead(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    auto len = sp->Parameters.Read.Length;
    auto buffer = static_cast<PUCHAR>(Irp->AssociatedIrp.SystemBuffer);

    if (len < sizeof(SysmonEvent) || buffer == nullptr) {
        return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
    }
    return Complete(Irp, STATUS_SUCCESS, EventLog::Drain(buffer, len));
}

NTSTATUS SysmonDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    auto& dic = sp->Parameters.DeviceIoControl;

    switch (dic.IoControlCode) {
    case IOCTL_SYSMON_GET_STATS:
        if (dic.OutputBufferLength < sizeof(SysmonStats)) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL);
        }
        EventLog::Stats(static_cast<SysmonStats*>(Irp->AssociatedIrp.SystemBuffer));
        return Complete(Irp, STATUS_SUCCESS, sizeof(SysmonStats));

    case IOCTL_SYSMON_CLEAR:
        EventLog::Clear();
        return Complete(Irp);
    }
    return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST);
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    auto stage = Stage::None;
    UNICODE_STRING devName, linkName;
    RtlInitUnicodeString(&devName, DeviceName);
    RtlInitUnicodeString(&linkName, LinkName);

    PDEVICE_OBJECT device = nullptr;
    auto status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("sysmon: IoCreateDevice 0x%08X\n", status));
        TearDown(DriverObject, stage);
        return status;
    }
    stage = Stage::Device;
    device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        KdPrint(("sysmon: IoCreateSymbolicLink 0x%08X\n", status));
        TearDown(DriverObject, stage);
        return status;
    }
    stage = Stage::Link;

    status = EventLog::Start();
    if (!NT_SUCCESS(status)) {
        // Start() already backed out whatever it registered
        TearDown(DriverObject, stage);
        return status;
    }
    stage = Stage::Callbacks;

    DriverObject->DriverUnload = SysmonUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = SysmonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = SysmonCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ] = SysmonRead;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = SysmonDeviceControl;

    device->Flags &= ~DO_DEVICE_INITIALIZING;
    KdPrint(("sysmon: loaded\n"));
    return STATUS_SUCCESS;
}
