// entry.cpp - DriverEntry / DriverUnload for obshield
#include "shield.h"

shield::Globals shield::g;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD ShieldUnload;

static void ShieldUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    shield::ob::Stop();
    shield::image::Stop();
    shield::device::Destroy();

    LOG("unloaded, stripped %ld handles", shield::g.StrippedHandles);
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);
    using namespace shield;

    RtlZeroMemory(&g, sizeof(g));

    UNICODE_STRING devName = RTL_CONSTANT_STRING(SHIELD_DEVICE_NAME);
    UNICODE_STRING linkName = RTL_CONSTANT_STRING(SHIELD_LINK_NAME);

    NTSTATUS status = device::Create(DriverObject, &devName);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = IoCreateSymbolicLink(&linkName, &devName);
    if (!NT_SUCCESS(status)) {
        LOG("IoCreateSymbolicLink failed %08X", status);
        device::Destroy();
        return status;
    }

    auto undoDevice = [&]() {
        IoDeleteSymbolicLink(&linkName);
        device::Destroy();
    };

    status = image::Start();
    if (!NT_SUCCESS(status)) {
        LOG("PsSetLoadImageNotifyRoutine failed %08X", status);
        undoDevice();
        return status;
    }

    status = ob::Start();
    if (!NT_SUCCESS(status)) {
        // typically STATUS_ACCESS_DENIED when not linked with /INTEGRITYCHECK
        LOG("ObRegisterCallbacks failed %08X", status);
        undoDevice();
        return status;
    }

    DriverObject->DriverUnload = ShieldUnload;
    LOG("loaded");
    return STATUS_SUCCESS;
}
