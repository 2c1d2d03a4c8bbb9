// driver.cpp - wfpcount: counts IPv4 connects / accepts through two inspection callouts
#include "wfpcount.h"

static PDEVICE_OBJECT g_Device = nullptr;

extern "C" DRIVER_INITIALIZE DriverEntry;
static DRIVER_UNLOAD WcUnload;

static VOID WcUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    // filters and callouts are removed from BFE first, then the runtime callouts,
    // and only then the device object they were registered against
    wc::Engine::Close();
    wc::Engine::UnregisterCallouts();

    if (g_Device != nullptr) {
        IoDeleteDevice(g_Device);
        g_Device = nullptr;
    }

    WC_LOG("unloaded: %I64d connects, %I64d accepts", wc::Counters::Connects(), wc::Counters::Accepts());
}

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    UNREFERENCED_PARAMETER(RegistryPath);

    NTSTATUS status = IoCreateDevice(DriverObject, 0, nullptr, FILE_DEVICE_NETWORK,
                                     FILE_DEVICE_SECURE_OPEN, FALSE, &g_Device);
    if (!NT_SUCCESS(status)) {
        WC_ERR("IoCreateDevice 0x%08X", status);
        return status;
    }

    status = wc::Engine::RegisterCallouts(g_Device);
    if (!NT_SUCCESS(status)) {
        goto delete_device;
    }

    status = wc::Engine::AddObjects();
    if (!NT_SUCCESS(status)) {
        goto unregister;
    }

    DriverObject->DriverUnload = WcUnload;
    WC_LOG("loaded%s", "");
    return STATUS_SUCCESS;

unregister:
    wc::Engine::UnregisterCallouts();
delete_device:
    IoDeleteDevice(g_Device);
    g_Device = nullptr;
    return status;
}
