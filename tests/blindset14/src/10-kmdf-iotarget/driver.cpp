// driver.cpp - IoctlSpy entry point
//
// Installed as an upper filter (UpperFilters = IoctlSpy) below whatever
// class driver you want to watch. Everything the framework owns is parented
// to the WDFDRIVER, so a failing DriverEntry leaves nothing behind: the
// framework deletes the driver object and its children when we return an
// error after WdfDriverCreate.
#include "Filter.hpp"

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

extern "C"
NTSTATUS DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, &flt::Filter::EvtDeviceAdd);
    config.DriverPoolTag = flt::kTag;

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, SPY_DRIVER_CONTEXT);
    attributes.EvtCleanupCallback = &flt::Filter::EvtDriverCleanup;

    WDFDRIVER driver = nullptr;
    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (status < 0) {
        KdPrint(("ioctlspy: WdfDriverCreate 0x%08X\n", status));
        return status;
    }

    status = flt::Filter::CreateGlobals(driver);
    if (status < 0) {
        KdPrint(("ioctlspy: globals 0x%08X\n", status));
    }
    return status;
}
