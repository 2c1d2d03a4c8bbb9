// Driver.cpp - procimg entry point and device
#include "Monitor.h"

namespace {

procimg::State g_State;
procimg::Monitor* g_Monitor;

constexpr PCWSTR DeviceNameText = L"\\Device\\ProcImg";
constexpr PCWSTR LinkNameText = L"\\??\\ProcImg";

// Creates the device and its link.  On failure nothing is left behind.
NTSTATUS CreateDeviceAndLink(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT* Device)
{
    *Device = nullptr;

    UNICODE_STRING devName, linkName;
    RtlInitUnicodeString(&devName, DeviceNameText);
    RtlInitUnicodeString(&linkName, LinkNameText);

    PDEVICE_OBJECT dev = nullptr;
    auto status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                 FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(dev);
        return status;
    }

    *Device = dev;
    return STATUS_SUCCESS;
}

NTSTATUS CompleteRequest(PIRP Irp, NTSTATUS Status, ULONG_PTR Info)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Info;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

NTSTATUS DispatchCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return CompleteRequest(Irp, STATUS_SUCCESS, 0);
}

NTSTATUS DispatchDeviceControl(PDEVICE_OBJECT, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    if (sp->Parameters.DeviceIoControl.IoControlCode != procimg::IoctlSnapshot) {
        return CompleteRequest(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
    }

    auto max = sp->Parameters.DeviceIoControl.OutputBufferLength / sizeof(procimg::Event);
    if (max == 0) {
        return CompleteRequest(Irp, STATUS_BUFFER_TOO_SMALL, 0);
    }
    auto out = static_cast<procimg::Event*>(Irp->AssociatedIrp.SystemBuffer);
    auto n = procimg::Snapshot(&g_State, out, static_cast<ULONG>(max));
    return CompleteRequest(Irp, STATUS_SUCCESS, n * sizeof(procimg::Event));
}

void DriverUnload(PDRIVER_OBJECT DriverObject)
{
    UNICODE_STRING linkName;
    RtlInitUnicodeString(&linkName, LinkNameText);
    IoDeleteSymbolicLink(&linkName);
    IoDeleteDevice(DriverObject->DeviceObject);

    delete g_Monitor;       // destructor takes the callbacks off
    g_Monitor = nullptr;
}

} // namespace

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    procimg::InitState(&g_State);

    g_Monitor = new (NonPagedPoolNx) procimg::Monitor(&g_State);
    if (g_Monitor == nullptr) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    auto status = g_Monitor->Status();
    if (!NT_SUCCESS(status)) {
        delete g_Monitor;
        g_Monitor = nullptr;
        return status;
    }

    PDEVICE_OBJECT device = nullptr;
    status = CreateDeviceAndLink(DriverObject, &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("procimg: device setup 0x%08X\n", status));
        delete g_Monitor;
        g_Monitor = nullptr;
        return status;
    }

    DriverObject->DriverUnload = DriverUnload;
    DriverObject->MajorFunction[IRP_MJ_CREATE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = DispatchCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = DispatchDeviceControl;

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;
    return STATUS_SUCCESS;
}
