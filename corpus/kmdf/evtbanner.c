/*
 * evtbanner.c - the lab power supply's front panel of bad/evtbanner.c, in
 * the version that links the vendor's tracing library: on a failed
 * WdfDriverCreate it calls PsuTraceShutdown(DriverObject), which the
 * library (not in this tree) implements with WPP_CLEANUP. Its body is not
 * visible, but it is given the driver object WPP_INIT_TRACING was given, so
 * it may well stop the tracing: DE006 steps back there, with a note.
 */

#include <ntddk.h>
#include <wdf.h>
#include "psuevents.h"

#define WPP_CONTROL_GUIDS                                               \
    WPP_DEFINE_CONTROL_GUID(                                            \
        PsuPanelTraceGuid, (0C4F7B2E,5A61,4D38,9E07,3B2D8A61C4F0),      \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                    \
        )

#include "evtbanner.tmh"

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD PsuPanelEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD PsuPanelEvtDriverUnload;

/* The vendor's tracing library: stops WPP for the driver object. */
VOID PsuTraceShutdown(_In_ PDRIVER_OBJECT DriverObject);

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);
    EventWritePsuStarting(1, 4);

    WDF_DRIVER_CONFIG_INIT(&config, PsuPanelEvtDeviceAdd);
    config.EvtDriverUnload = PsuPanelEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        PsuTraceShutdown(DriverObject);
        return status;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
PsuPanelEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;
    UNREFERENCED_PARAMETER(Driver);
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}

VOID
PsuPanelEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    PsuTraceShutdown(WdfDriverWdmGetDriverObject(Driver));
}
