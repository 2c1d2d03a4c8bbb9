// memio - "read another process's memory" driver, the classic first kernel project.
// Build as KMDF-less WDM driver, test signing on, load with OSR loader or sc.exe.

#include "memio.h"

namespace {

UNICODE_STRING kDeviceName = RTL_CONSTANT_STRING(L"\\Device\\MemIo");
UNICODE_STRING kLinkName = RTL_CONSTANT_STRING(L"\\DosDevices\\MemIo");

struct DispatchEntry {
    UCHAR Major;
    PDRIVER_DISPATCH Routine;
};

// every request the device handles, set in one loop
constexpr DispatchEntry kDispatchTable[] = {
    { IRP_MJ_DEVICE_CONTROL, memio::DeviceControl },
    { IRP_MJ_CLEANUP,        memio::Cleanup },
};

} // namespace

DRIVER_UNLOAD MemIoUnload;

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    for (const auto& entry : kDispatchTable) {
        DriverObject->MajorFunction[entry.Major] = entry.Routine;
    }
    DriverObject->DriverUnload = MemIoUnload;

    PDEVICE_OBJECT device = nullptr;
    auto status = IoCreateDevice(DriverObject,
                                 sizeof(memio::DeviceState),
                                 &kDeviceName,
                                 FILE_DEVICE_UNKNOWN,
                                 FILE_DEVICE_SECURE_OPEN,
                                 FALSE,
                                 &device);
    if (!NT_SUCCESS(status)) {
        KdPrint(("memio: IoCreateDevice failed 0x%08X\n", status));
        return status;
    }

    auto state = static_cast<memio::DeviceState*>(device->DeviceExtension);
    state->Init();

    IoCreateSymbolicLink(&kLinkName, &kDeviceName);

    device->Flags |= DO_BUFFERED_IO;
    device->Flags &= ~DO_DEVICE_INITIALIZING;

    KdPrint(("memio: ready\n"));
    return STATUS_SUCCESS;
}

void MemIoUnload(PDRIVER_OBJECT DriverObject)
{
    IoDeleteSymbolicLink(&kLinkName);
    IoDeleteDevice(DriverObject->DeviceObject);
    KdPrint(("memio: unloaded\n"));
}
