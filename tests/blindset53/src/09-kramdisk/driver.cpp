//
// driver.cpp - DriverEntry and driver-wide cleanup
//
#include "kramdisk.h"
#include "driver.tmh"

using namespace kr;

extern "C" DRIVER_INITIALIZE DriverEntry;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

namespace {

void
LoadConfig(_In_ WDFDRIVER Driver)
{
    auto cfg = kr::GetDriverConfig(Driver);
    cfg->SizeMb      = kr::DefaultSizeMb;
    cfg->DriveLetter = L'Z';

    WDFKEY key;
    NTSTATUS status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_WARNING, TRACE_DRIVER, "no Parameters key, defaults (%!STATUS!)", status);
        return;
    }

    DECLARE_CONST_UNICODE_STRING(sizeName, L"DiskSizeMb");
    ULONG value = 0;
    if (NT_SUCCESS(WdfRegistryQueryULong(key, &sizeName, &value)) && value != 0 && value <= kr::MaxSizeMb) {
        cfg->SizeMb = value;
    }
    DECLARE_CONST_UNICODE_STRING(letterName, L"DriveLetter");
    if (NT_SUCCESS(WdfRegistryQueryULong(key, &letterName, &value)) && value >= L'D' && value <= L'Z') {
        cfg->DriveLetter = static_cast<WCHAR>(value);
    }
    WdfRegistryClose(key);
}

} // namespace

void
kr::EvtDriverContextCleanup(_In_ WDFOBJECT DriverObject)
{
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "driver cleanup");
    WPP_CLEANUP(WdfDriverWdmGetDriverObject(static_cast<WDFDRIVER>(DriverObject)));
}

extern "C" NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG     config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER             driver;

    WPP_INIT_TRACING(DriverObject, RegistryPath);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "DriverEntry");

    WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, DriverConfig);
    attributes.EvtCleanupCallback = EvtDriverContextCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, EvtDeviceAdd);
    config.DriverPoolTag = PoolTag;

    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", status);
        // the driver object was never created, so its cleanup callback won't run
        WPP_CLEANUP(DriverObject);
        return status;
    }

    LoadConfig(driver);
    return STATUS_SUCCESS;
}
