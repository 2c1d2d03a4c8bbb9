#include "vserial.h"

namespace vcom {

ULONG Driver::PortsCreated = 0;

NTSTATUS Driver::DeviceAdd(WDFDRIVER driver, PWDFDEVICE_INIT init)
{
    UNREFERENCED_PARAMETER(driver);
    PAGED_CODE();

    auto status = Port::Create(init);
    if (NT_SUCCESS(status)) {
        InterlockedIncrement(reinterpret_cast<volatile LONG*>(&PortsCreated));
    }
    KdPrint(("vcom: DeviceAdd -> 0x%08X (%lu ports)\n", status, PortsCreated));
    return status;
}

VOID Driver::Cleanup(WDFOBJECT object)
{
    UNREFERENCED_PARAMETER(object);
    KdPrint(("vcom: driver object cleanup\n"));
}

} // namespace vcom

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    using namespace vcom;

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = Driver::Cleanup;

    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, Driver::DeviceAdd);
    config.DriverPoolTag = kTag;

    auto status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, WDF_NO_HANDLE);

    KdPrint(("vcom: WdfDriverCreate 0x%08X\n", status));
    return status;
}
