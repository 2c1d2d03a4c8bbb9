/*
 * driver.c (violating) - the fan tachometer of ../../wppfunc, before the
 * fix: when WdfDriverCreate fails, DriverEntry traces the error and returns
 * without WPP_CLEANUP (the cleanup callback does not run: the framework
 * driver object was never created).
 *
 * BUG (DE006): WPP_INIT_TRACING left without WPP_CLEANUP. Before entrycheck
 * read the WPP configuration, FuncEntry was a routine whose body it could
 * not see, and DE006 stepped back over it.
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
        return status;                                  // expect: DE006
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
