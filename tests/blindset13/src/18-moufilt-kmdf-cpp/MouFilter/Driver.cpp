//
// Driver.cpp - MouFilter: KMDF upper filter for mice. Swaps buttons and/or
// inverts axes according to Parameters\Transform (bit 0 swap, 1 X, 2 Y).
//
#include "MouFilter.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

extern "C"
NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    MF_LOG("built %s %s", __DATE__, __TIME__);

    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, mf::EvtDeviceAdd);
    config.DriverPoolTag = 'liFM';

    WDFDRIVER driver = nullptr;
    auto status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (NT_SUCCESS(status)) {
        status = mf::Settings::Load(driver);
    }

    if (!NT_SUCCESS(status)) {
        // No Parameters key or no Transform value: that's the normal case.
        MF_LOG("settings unavailable (0x%08X), using defaults", status);
        mf::Settings::UseDefaults();
    }

    MF_LOG("transform 0x%X", static_cast<ULONG>(mf::Settings::Current()));
    return STATUS_SUCCESS;
}
