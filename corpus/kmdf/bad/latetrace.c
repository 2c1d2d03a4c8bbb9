/*
 * latetrace.c - KMDF driver for the status LEDs of a rack PDU, with WPP
 * tracing. Tracing starts after WdfDriverCreate, and a later failure (the
 * control queue's settings missing from the registry) returns without
 * WPP_CLEANUP: once the framework driver object exists, the framework
 * deletes it when DriverEntry fails and runs its EvtCleanupCallback.
 *
 * BUG (DE006): this driver's cleanup callback only frees the LED table;
 * tracing is stopped in EvtDriverUnload, which never runs when DriverEntry
 * fails, so the failure return leaves WPP registered.
 */

#include <ntddk.h>
#include <wdf.h>

#define WPP_CONTROL_GUIDS                                               \
    WPP_DEFINE_CONTROL_GUID(                                            \
        PduLedTraceGuid, (5E0A7C21,93D4,4F1B,8C62,0B7E4A19D35F),        \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                    \
        )

#include "latetrace.tmh"

#define PDULED_TAG 'dLdP'

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD PduLedEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP PduLedEvtDriverCleanup;
EVT_WDF_DRIVER_UNLOAD PduLedEvtDriverUnload;

static ULONG PduLedPollSeconds;

static VOID
PduLedStopTracing(
    _In_ WDFDRIVER Driver
    )
{
    WPP_CLEANUP(WdfDriverWdmGetDriverObject(Driver));
}

static NTSTATUS
PduLedReadSettings(
    _In_ WDFDRIVER Driver
    )
{
    WDFKEY key;
    NTSTATUS status;
    DECLARE_CONST_UNICODE_STRING(pollName, L"PollSeconds");

    status = WdfDriverOpenParametersRegistryKey(Driver, KEY_READ, WDF_NO_OBJECT_ATTRIBUTES, &key);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    status = WdfRegistryQueryULong(key, &pollName, &PduLedPollSeconds);
    WdfRegistryClose(key);
    return status;
}

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    WDFDRIVER driver;
    NTSTATUS status;

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = PduLedEvtDriverCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, PduLedEvtDeviceAdd);
    config.DriverPoolTag = PDULED_TAG;
    config.EvtDriverUnload = PduLedEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WPP_INIT_TRACING(DriverObject, RegistryPath);

    status = PduLedReadSettings(driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "no PollSeconds %!STATUS!", status);
        return status;                                  // expect: DE006
    }
    return STATUS_SUCCESS;
}

VOID
PduLedEvtDriverCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    UNREFERENCED_PARAMETER(DriverObject);
    PduLedPollSeconds = 0;
}

VOID
PduLedEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    PduLedStopTracing(Driver);
}

NTSTATUS
PduLedEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;

    UNREFERENCED_PARAMETER(Driver);
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}
