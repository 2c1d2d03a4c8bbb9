/*
 * driver.c - KMDF driver of a power sequencer, traced with WPP; its trace
 * functions (FuncEntry, TraceError) come from the WPP configuration the
 * build names (wppconfig.h), which no source includes.
 *
 * BUG (DE006): when WdfDriverCreate fails, DriverEntry traces the error and
 * returns without WPP_CLEANUP. entrycheck finds the trace functions where
 * the build does; without them FuncEntry and TraceError were routines no
 * header declares, and the rule could not rely on them.
 */

#include <ntddk.h>
#include <wdf.h>
#include "trace.h"
#include "driver.tmh"

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD PwrSeqEvtDeviceAdd;

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);       // expect: DE011
    FuncEntry(TRACE_DRIVER);

    WDF_DRIVER_CONFIG_INIT(&config, PwrSeqEvtDeviceAdd);
    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceError(TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", status);
        return status;                                  // expect: DE006
    }
    PsTraceVerbose(TRACE_DRIVER, "driver object created");
    return STATUS_SUCCESS;
}

NTSTATUS
PwrSeqEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;
    UNREFERENCED_PARAMETER(Driver);
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}
