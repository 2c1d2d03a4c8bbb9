/*
 * hidlamp.c - UMDF 2 driver for the USB status lamp LT-3 (vendor class,
 * one interrupt OUT endpoint). Runs in WUDFHost; WPP tracing is stopped by
 * the driver object's cleanup callback.
 *
 * BUG (WDF003): EvtCleanupCallback is stored before WDF_OBJECT_ATTRIBUTES_INIT,
 * which zeroes the structure. The attributes reach WdfDriverCreate without
 * the callback, so WPP_CLEANUP never runs when the host unloads the driver.
 */

#include <windows.h>
#include <wdf.h>

#define HIDLAMP_TRACING_ID L"Contoso\\UMDF2.0\\HidLamp V1.2"

#define WPP_CONTROL_GUIDS                                               \
    WPP_DEFINE_CONTROL_GUID(                                            \
        HidLampTraceGuid, (5A83C1E7,2D94,4F06,B7A1,C4E290D35F18),       \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                    \
        WPP_DEFINE_BIT(TRACE_DEVICE)                                    \
        )

#include "hidlamp.tmh"

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD HidLampEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP HidLampEvtDriverCleanup;

NTSTATUS
DriverEntry(                                            // expect-entry: umdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    WPP_INIT_TRACING(HIDLAMP_TRACING_ID);

    attributes.EvtCleanupCallback = HidLampEvtDriverCleanup;   // expect: WDF003
    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);

    WDF_DRIVER_CONFIG_INIT(&config, HidLampEvtDeviceAdd);

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", status);
        WPP_CLEANUP();
        return status;
    }

    return status;
}

VOID
HidLampEvtDriverCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    WPP_CLEANUP();
}

NTSTATUS
HidLampEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;

    UNREFERENCED_PARAMETER(Driver);
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}
