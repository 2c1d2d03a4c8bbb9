/*
 * driver.c - KMDF driver of a fan tachometer, traced with WPP. Its own
 * trace functions (FuncEntry, FuncExit) come from the configuration block of
 * trace.h; they trace and do nothing else. When WdfDriverCreate fails,
 * DriverEntry stops tracing before it returns. Conforming.
 */

#include <ntddk.h>
#include <wdf.h>
#include "trace.h"
#include "driver.tmh"

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD TachoEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP TachoEvtDriverCleanup;

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);
    FuncEntry(TRACE_DRIVER);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = TachoEvtDriverCleanup;
    WDF_DRIVER_CONFIG_INIT(&config, TachoEvtDeviceAdd);

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", status);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    FuncExit(TRACE_DRIVER, "status=%!STATUS!", status);
    return status;
}

NTSTATUS
TachoEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;
    UNREFERENCED_PARAMETER(Driver);
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}

VOID
TachoEvtDriverCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}
