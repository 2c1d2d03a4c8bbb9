/*
 * evtbanner.c - KMDF driver for a lab power supply's front panel. It starts
 * WPP tracing, writes a start-up event through the manifest-generated
 * header of its build (psuevents.h: mc.exe writes it, so a checkout does
 * not have it), then creates the framework driver object.
 *
 * BUG (DE006): when WdfDriverCreate fails, DriverEntry returns without
 * WPP_CLEANUP. The generated EventWritePsuStarting is declared by no header
 * entrycheck can read, and it is given only constants: it cannot be what
 * stops the tracing, so the rule does not step back over it.
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
        return status;                                  // expect: DE006
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
    WPP_CLEANUP(WdfDriverWdmGetDriverObject(Driver));
}
