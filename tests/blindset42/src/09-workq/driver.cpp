// driver.cpp - workq: user mode hands us buffers, a work item checksums them
#include <ntddk.h>
#include "workq.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

PDEVICE_OBJECT g_Device = nullptr;

NTSTATUS Complete(PIRP Irp, NTSTATUS Status, ULONG_PTR Information)
{
    Irp->IoStatus.Status = Status;
    Irp->IoStatus.Information = Information;
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
    return Status;
}

_Function_class_(DRIVER_DISPATCH)
NTSTATUS WqCreateClose(PDEVICE_OBJECT, PIRP Irp)
{
    return Complete(Irp, STATUS_SUCCESS, 0);
}

_Function_class_(DRIVER_DISPATCH)
NTSTATUS WqDeviceControl(PDEVICE_OBJECT DeviceObject, PIRP Irp)
{
    auto sp = IoGetCurrentIrpStackLocation(Irp);
    auto& p = sp->Parameters.DeviceIoControl;
    PVOID buffer = Irp->AssociatedIrp.SystemBuffer;

    switch (p.IoControlCode) {
    case IOCTL_WQ_SUBMIT: {
        if (buffer == nullptr || p.OutputBufferLength < sizeof(ULONG)) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        ULONG seq = 0;
        NTSTATUS st = wq::Engine::Submit(DeviceObject, buffer, p.InputBufferLength, &seq);
        if (!NT_SUCCESS(st)) {
            return Complete(Irp, st, 0);
        }
        *static_cast<PULONG>(buffer) = seq;
        return Complete(Irp, STATUS_SUCCESS, sizeof(ULONG));
    }

    case IOCTL_WQ_RESULTS: {
        const ULONG max = p.OutputBufferLength / sizeof(WQ_RESULT);
        if (buffer == nullptr || max == 0) {
            return Complete(Irp, STATUS_BUFFER_TOO_SMALL, 0);
        }
        const ULONG n = wq::Engine::CopyResults(static_cast<WQ_RESULT*>(buffer), max);
        return Complete(Irp, STATUS_SUCCESS, n * sizeof(WQ_RESULT));
    }

    default:
        break;
    }
    return Complete(Irp, STATUS_INVALID_DEVICE_REQUEST, 0);
}

_Function_class_(DRIVER_UNLOAD)
void WqUnload(PDRIVER_OBJECT)
{
    KdPrint(("workq: unload\n"));

    // stop new opens first
    UNICODE_STRING link = RTL_CONSTANT_STRING(WQ_LINK_NAME);
    IoDeleteSymbolicLink(&link);

    // every queued JobRoutine has returned after this
    wq::Engine::Shutdown();

    IoDeleteDevice(g_Device);
    g_Device = nullptr;
}

} // namespace

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    auto fail = [](PCSTR what, NTSTATUS st) -> NTSTATUS {
        DbgPrint("workq: %s failed 0x%08X\n", what, st);
        return st;
    };

    wq::Engine::Init();

    UNICODE_STRING devName = RTL_CONSTANT_STRING(WQ_DEVICE_NAME);
    PDEVICE_OBJECT dev = nullptr;
    NTSTATUS status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &dev);
    if (!NT_SUCCESS(status)) {
        return fail("IoCreateDevice", status);
    }

    UNICODE_STRING link = RTL_CONSTANT_STRING(WQ_LINK_NAME);
    status = IoCreateSymbolicLink(&link, &devName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(dev);
        return fail("IoCreateSymbolicLink", status);
    }

    g_Device = dev;

    DriverObject->MajorFunction[IRP_MJ_CREATE] = WqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE] = WqCreateClose;
    DriverObject->MajorFunction[IRP_MJ_DEVICE_CONTROL] = WqDeviceControl;
    DriverObject->DriverUnload = WqUnload;

    dev->Flags |= DO_BUFFERED_IO;
    dev->Flags &= ~DO_DEVICE_INITIALIZING;

    KdPrint(("workq: loaded\n"));
    return STATUS_SUCCESS;
}
