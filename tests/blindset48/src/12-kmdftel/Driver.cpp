//
// Driver.cpp - KmdfTel DriverEntry, configuration and driver-object callbacks.
//
#include "Driver.h"

extern "C" DRIVER_INITIALIZE DriverEntry;
static EVT_WDF_DRIVER_UNLOAD          EvtDriverUnload;
static EVT_WDF_OBJECT_CONTEXT_CLEANUP EvtDriverCleanup;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

namespace tel {

ULONG Config::PeriodMs    = TEL_DEFAULT_PERIOD_MS;
ULONG Config::TrackImages = 1;

NTSTATUS
Config::Load(_In_ WDFDRIVER Driver)
{
    WDFKEY key = nullptr;
    DECLARE_CONST_UNICODE_STRING(periodName, L"SamplePeriodMs");
    DECLARE_CONST_UNICODE_STRING(imagesName, L"TrackImages");

    NTSTATUS status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (status == STATUS_OBJECT_NAME_NOT_FOUND) {
        return STATUS_SUCCESS;          // no Parameters key: keep the defaults
    }
    if (!NT_SUCCESS(status)) {
        return status;
    }

    ULONG value = 0;
    if (NT_SUCCESS(WdfRegistryQueryULong(key, &periodName, &value)) && value >= TEL_MIN_PERIOD_MS) {
        PeriodMs = value;
    }
    if (NT_SUCCESS(WdfRegistryQueryULong(key, &imagesName, &value))) {
        TrackImages = value;
    }

    WdfRegistryClose(key);
    return STATUS_SUCCESS;
}

} // namespace tel

static void
EvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();

    tel::Telemetry::Stop();
    TEL_TRACE(DPFLTR_INFO_LEVEL, "unloaded");
}

static void
EvtDriverCleanup(_In_ WDFOBJECT Object)
{
    UNREFERENCED_PARAMETER(Object);
    TEL_TRACE(DPFLTR_INFO_LEVEL, "driver object cleanup");
}

extern "C"
NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)
{
    WDF_DRIVER_CONFIG config;
    WDF_DRIVER_CONFIG_INIT(&config, tel::EvtDeviceAdd);
    config.EvtDriverUnload = EvtDriverUnload;
    config.DriverPoolTag   = TEL_TAG;

    WDF_OBJECT_ATTRIBUTES attributes;
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = EvtDriverCleanup;

    WDFDRIVER driver;
    NTSTATUS status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        TEL_TRACE(DPFLTR_ERROR_LEVEL, "WdfDriverCreate 0x%08X", status);
        return status;
    }

    status = tel::Config::Load(driver);
    if (!NT_SUCCESS(status)) {
        TEL_TRACE(DPFLTR_ERROR_LEVEL, "config 0x%08X", status);
        return status;
    }

    // Start() undoes its own partial work; the framework deletes the driver object
    status = tel::Telemetry::Start();
    if (!NT_SUCCESS(status)) {
        return status;
    }

    TEL_TRACE(DPFLTR_INFO_LEVEL, "period %lu ms, images %lu", tel::Config::PeriodMs, tel::Config::TrackImages);
    return STATUS_SUCCESS;
}
