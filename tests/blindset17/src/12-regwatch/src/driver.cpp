//
// driver.cpp - DriverEntry and driver-level callbacks for regwatch.sys.
//
#include "regwatch.h"

namespace rw {
namespace {

EVT_WDF_DRIVER_UNLOAD           EvtDriverUnload;
EVT_WDF_OBJECT_CONTEXT_CLEANUP  EvtDriverCleanup;

void EvtDriverUnload(WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);

    g_Monitor.Stop();
    ControlDevice::Delete();
}

void EvtDriverCleanup(WDFOBJECT Object)
{
    UNREFERENCED_PARAMETER(Object);

    // Also runs when DriverEntry fails after WdfDriverCreate succeeded.
    g_Ring.Release();
}

} // namespace
} // namespace rw

extern "C" DRIVER_INITIALIZE DriverEntry;

#pragma alloc_text(INIT, DriverEntry)

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = rw::EvtDriverUnload;
    config.DriverPoolTag = rw::PoolTag;

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = rw::EvtDriverCleanup;

    WDFDRIVER driver;
    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("regwatch: WdfDriverCreate 0x%08X\n", status));
        return status;
    }

    status = rw::g_Ring.Initialize(rw::RingCapacity);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = rw::ControlDevice::Create(driver);
    if (!NT_SUCCESS(status)) {
        KdPrint(("regwatch: control device 0x%08X\n", status));
        return status;
    }

    status = rw::g_Monitor.Start(DriverObject);
    if (!NT_SUCCESS(status)) {
        KdPrint(("regwatch: CmRegisterCallbackEx 0x%08X\n", status));
        rw::ControlDevice::Delete();
        return status;
    }

    rw::ControlDevice::FinishInitializing();
    return STATUS_SUCCESS;
}
