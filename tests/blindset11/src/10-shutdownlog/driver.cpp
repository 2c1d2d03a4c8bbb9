// driver.cpp - ShutdownLog entry point
#include "logger.h"

using sdl::Logger;
using sdl::LogRing;
using sdl::PoolPtr;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD SdlUnload;

static void SdlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    UNICODE_STRING link;
    RtlInitUnicodeString(&link, sdl::kLinkName);

    PDEVICE_OBJECT device = Logger::Device();

    IoUnregisterShutdownNotification(device);
    IoDeleteSymbolicLink(&link);
    IoDeleteDevice(device);

    Logger::Detach();
}

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNICODE_STRING devName;
    UNICODE_STRING linkName;
    RtlInitUnicodeString(&devName, sdl::kDeviceName);
    RtlInitUnicodeString(&linkName, sdl::kLinkName);

    PoolPtr<LogRing> ring(sdl::AllocNonPaged<LogRing>());
    if (!ring) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    KeInitializeSpinLock(&ring->Lock);
    ring->Used = 0;

    PDEVICE_OBJECT device = nullptr;
    NTSTATUS status = IoCreateDevice(DriverObject, 0, &devName, FILE_DEVICE_UNKNOWN,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &device);
    if (!NT_SUCCESS(status)) {
        return status;                       // ring is freed by PoolPtr
    }
    device->Flags |= DO_BUFFERED_IO;

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        IoDeleteDevice(device);
        return status;
    }

    DriverObject->MajorFunction[IRP_MJ_CREATE]   = Logger::OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_CLOSE]    = Logger::OnCreateClose;
    DriverObject->MajorFunction[IRP_MJ_READ]     = Logger::OnRead;
    DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = Logger::OnShutdown;

    status = IoRegisterShutdownNotification(device);
    if (!NT_SUCCESS(status)) {
        DriverObject->MajorFunction[IRP_MJ_SHUTDOWN] = nullptr;
        IoDeleteSymbolicLink(&linkName);
        IoDeleteDevice(device);
        return status;
    }

    // optional knob; a missing value just keeps the default
    NTSTATUS optStatus = STATUS_SUCCESS;
    bool flush = sdl::ReadFlushOption(RegistryPath, &optStatus);
    if (!NT_SUCCESS(optStatus)) {
        KdPrint(("ShutdownLog: FlushOnShutdown not read (0x%08X), default on\n", optStatus));
    }

    Logger::Attach(ring.release(), device, flush);
    DriverObject->DriverUnload = SdlUnload;
    device->Flags &= ~DO_DEVICE_INITIALIZING;

    Logger::Write("ShutdownLog loaded, flush=%d\r\n", flush ? 1 : 0);
    return STATUS_SUCCESS;
}
