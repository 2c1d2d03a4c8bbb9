/*
 * lostattrs.c - KMDF driver for the CAN bus adapter of the CB-2 telematics
 * box, with WPP tracing. Tracing is stopped by the driver object's cleanup
 * callback, as usual for KMDF.
 *
 * BUG (WDF006): the attributes carrying EvtCleanupCallback are prepared but
 * WdfDriverCreate is given WDF_NO_OBJECT_ATTRIBUTES, so the callback never
 * runs and WPP_CLEANUP is never called when the driver unloads.
 */

#include <ntddk.h>
#include <wdf.h>

#define WPP_CONTROL_GUIDS                                               \
    WPP_DEFINE_CONTROL_GUID(                                            \
        CanBusTraceGuid, (7C1D2E93,4A60,4B8F,A2C7,19E5D0F3B846),        \
        WPP_DEFINE_BIT(TRACE_DRIVER)                                    \
        WPP_DEFINE_BIT(TRACE_DEVICE)                                    \
        )

#include "lostattrs.tmh"

#define CANBUS_TAG 'suBC'

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD CanBusEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP CanBusEvtDriverCleanup;

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);       // expect: DE011
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = CanBusEvtDriverCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, CanBusEvtDeviceAdd);
    config.DriverPoolTag = CANBUS_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath,    // expect: WDF006
                             WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", status);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
CanBusEvtDriverCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC!");
    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}

NTSTATUS
CanBusEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;

    UNREFERENCED_PARAMETER(Driver);
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}
