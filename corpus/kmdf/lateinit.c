/*
 * lateinit.c - KMDF driver for the fan controller of a rack PDU, with WPP
 * tracing. Tracing starts after WdfDriverCreate, and a later failure (the
 * control queue's settings missing from the registry) returns without
 * WPP_CLEANUP: once the framework driver object exists, the framework
 * deletes it when DriverEntry fails, and its EvtCleanupCallback stops
 * tracing. Conforming: no DE006.
 */

#include <ntddk.h>
#include <wdf.h>

#define WPP_CONTROL_GUIDS                                               \
    WPP_DEFINE_CONTROL_GUID(                                            \
        PduFanTraceGuid, (5E0A7C21,93D4,4F1B,8C62,0B7E4A19D35F),        \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                    \
        )

#include "lateinit.tmh"

#define PDUFAN_TAG 'nFdP'

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD PduFanEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP PduFanEvtDriverCleanup;

static ULONG PduFanPollSeconds;

static VOID
PduFanStopTracing(
    _In_ WDFDRIVER Driver
    )
{
    WPP_CLEANUP(WdfDriverWdmGetDriverObject(Driver));
}

static NTSTATUS
PduFanReadSettings(
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
    status = WdfRegistryQueryULong(key, &pollName, &PduFanPollSeconds);
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
    attributes.EvtCleanupCallback = PduFanEvtDriverCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, PduFanEvtDeviceAdd);
    config.DriverPoolTag = PDUFAN_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    WPP_INIT_TRACING(DriverObject, RegistryPath);

    status = PduFanReadSettings(driver);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "no PollSeconds %!STATUS!", status);
        return status;
    }
    return STATUS_SUCCESS;
}

VOID
PduFanEvtDriverCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    PduFanStopTracing((WDFDRIVER)DriverObject);
}

NTSTATUS
PduFanEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;

    UNREFERENCED_PARAMETER(Driver);
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}
