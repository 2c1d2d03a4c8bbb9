//
// Driver.cpp - kmdfctl: a non-PnP KMDF driver exposing one control device.
//
#include "ControlDevice.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace {

EVT_WDF_DRIVER_UNLOAD OnDriverUnload;

void OnDriverUnload(WDFDRIVER)
{
    // Control devices are not removed by PnP; delete ours explicitly.
    kctl::ControlDevice::Destroy();
    KCTL_LOG("unloaded%s", "");
}

} // namespace

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = OnDriverUnload;
    config.DriverPoolTag = 'ltcK';

    WDFDRIVER driver;
    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                                      &config, &driver);
    if (!NT_SUCCESS(status)) {
        KCTL_LOG("WdfDriverCreate 0x%08X", status);
        return status;
    }

    status = kctl::ControlDevice::Create(driver);
    if (!NT_SUCCESS(status)) {
        KCTL_LOG("control device 0x%08X", status);
    }
    return status;
}
