// driver.cpp -- regworker entry points (no device object, just the thread)

#include "regworker.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD RwUnload;

static rw::PathCopy g_ServiceKey;

static void RwUnload(PDRIVER_OBJECT)
{
    rw::Scrubber::Stop();
    g_ServiceKey.Reset();
    RWLOG("unloaded");
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    // RegistryPath is only valid during this call; keep our own copy
    NTSTATUS status = g_ServiceKey.Assign(RegistryPath);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    rw::Config cfg;
    status = rw::ReadConfig(g_ServiceKey.Sz(), &cfg);
    if (!NT_SUCCESS(status)) {
        g_ServiceKey.Reset();
        return status;
    }

    status = rw::Scrubber::Start(cfg);
    if (!NT_SUCCESS(status)) {
        g_ServiceKey.Reset();
        return status;
    }

    DriverObject->DriverUnload = RwUnload;
    RWLOG("loaded from %wZ", g_ServiceKey.Get());
    return STATUS_SUCCESS;
}
