#include "fltctl.h"

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

extern "C"
NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER         driver;
    NTSTATUS          status;

    FLOG("built " __DATE__ " " __TIME__ "%s", "");

    WDF_DRIVER_CONFIG_INIT(&config, fltctl::Filter::OnDeviceAdd);
    config.DriverPoolTag = FLTCTL_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        FLOG("WdfDriverCreate 0x%08X", status);
        return status;
    }

    // collection + lock hang off the driver object, so a failure here needs no unwinding
    status = fltctl::Filter::Initialize(driver);
    if (!NT_SUCCESS(status)) {
        FLOG("Filter::Initialize 0x%08X", status);
        return status;
    }

    return STATUS_SUCCESS;
}
