/*
 * driver.c - DriverEntry, settings, driver cleanup.
 */
#include "mousefilt.h"
#include "driver.tmh"

MF_SETTINGS g_MfSettings = { 0, 0, 0 };

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, MfLoadSettings)
#pragma alloc_text(PAGE, MfEvtDriverContextCleanup)
#endif

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG     config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER             driver;
    NTSTATUS              status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! mousefilt built " __DATE__ " " __TIME__);

    WDF_DRIVER_CONFIG_INIT(&config, MfEvtDeviceAdd);
    config.DriverPoolTag = MF_TAG;

    //
    // WPP_CLEANUP happens in the driver object's cleanup callback so that
    // it runs after every device has been torn down.
    //
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = MfEvtDriverContextCleanup;

    status = WdfDriverCreate(DriverObject,
                             RegistryPath,
                             &attributes,
                             &config,
                             &driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", status);
        return status;
    }

    MfLoadSettings(driver);

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER,
                "swap=%u invertY=%u log=%u",
                g_MfSettings.SwapButtons, g_MfSettings.InvertY, g_MfSettings.LogPackets);

    return STATUS_SUCCESS;
}

static ULONG
MfQueryULong(
    _In_ WDFKEY Key,
    _In_ PCWSTR Name,
    _In_ ULONG  Default
    )
{
    UNICODE_STRING valueName;
    ULONG          value;

    RtlInitUnicodeString(&valueName, Name);
    if (!NT_SUCCESS(WdfRegistryQueryULong(Key, &valueName, &value))) {
        value = Default;
    }
    return value;
}

VOID
MfLoadSettings(
    _In_ WDFDRIVER Driver
    )
{
    WDFKEY   key;
    NTSTATUS status;

    PAGED_CODE();

    // HKLM\System\CurrentControlSet\Services\mousefilt\Parameters
    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_WARNING, TRACE_DRIVER, "no Parameters key (%!STATUS!), defaults", status);
        return;
    }

    g_MfSettings.SwapButtons = MfQueryULong(key, L"SwapButtons", 0);
    g_MfSettings.InvertY     = MfQueryULong(key, L"InvertY", 0);
    g_MfSettings.LogPackets  = MfQueryULong(key, L"LogPackets", 0);

    WdfRegistryClose(key);
}

VOID
MfEvtDriverContextCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    PAGED_CODE();

    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC!");

    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}
