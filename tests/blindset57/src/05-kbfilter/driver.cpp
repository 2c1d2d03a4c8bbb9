//
// driver.cpp - kbfilter DriverEntry
//
#include "kbfilter.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

kbf::DriverGlobals kbf::g = {};

extern "C" NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    KBF_TRACE("DriverEntry (KMDF %u.%u)", KMDF_VERSION_MAJOR, KMDF_VERSION_MINOR);

    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, kbf::EvtDeviceAdd);
    config.DriverPoolTag   = KBF_TAG;
    config.EvtDriverUnload = [](WDFDRIVER) {
        KBF_TRACE("unload");
    };

    WDFDRIVER driver;
    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                                      &config, &driver);
    if (!NT_SUCCESS(status)) {
        KBF_ERROR("WdfDriverCreate 0x%08X", status);
        return status;
    }

    // Both objects are parented to the driver, the framework deletes them
    // when the driver object goes away.
    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.ParentObject = driver;

    status = WdfCollectionCreate(&attributes, &kbf::g.Devices);
    if (!NT_SUCCESS(status)) {
        KBF_ERROR("WdfCollectionCreate 0x%08X", status);
        return status;
    }

    status = WdfWaitLockCreate(&attributes, &kbf::g.DevicesLock);
    if (!NT_SUCCESS(status)) {
        KBF_ERROR("WdfWaitLockCreate 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}
