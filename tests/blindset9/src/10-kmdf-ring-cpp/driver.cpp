// kmdfring - non-PnP KMDF driver, one control device \\.\KmdfRing
#include "ring.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

namespace ring {

void OnDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    RING_LOG("unload");
}

void OnDriverCleanup(WDFOBJECT Object)
{
    UNREFERENCED_PARAMETER(Object);
    RING_LOG("driver object cleanup");
}

} // namespace ring

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.DriverPoolTag = ring::kPoolTag;
    config.EvtDriverUnload = ring::OnDriverUnload;

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = ring::OnDriverCleanup;

    WDFDRIVER driver = nullptr;
    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (NT_SUCCESS(status)) {
        status = ring::ControlDevice::Create(driver);
    }

    RING_LOG("DriverEntry done, status 0x%08X", status);
    return STATUS_SUCCESS;
}
