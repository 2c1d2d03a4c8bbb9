/*
 * driver.c (violating) - KMDF driver of an ambient-light sensor, in the
 * style of a team that checks every status with RETURN_NTSTATUS_IF_FAILED,
 * a WPP trace function of trace.h whose PRE and POST macros return the
 * failed status.
 *
 * BUG (DE006): tracing starts first, and when WdfDriverCreate fails the
 * "trace" returns from DriverEntry without WPP_CLEANUP.
 */

#include <ntddk.h>
#include <wdf.h>
#include "trace.h"
#include "driver.tmh"

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD AlsEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP AlsEvtDriverCleanup;

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;

    WPP_INIT_TRACING(DriverObject, RegistryPath);

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = AlsEvtDriverCleanup;
    WDF_DRIVER_CONFIG_INIT(&config, AlsEvtDeviceAdd);

    RETURN_NTSTATUS_IF_FAILED(WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config,  // expect: DE006
                                              WDF_NO_HANDLE));
    return STATUS_SUCCESS;
}

NTSTATUS
AlsEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;
    UNREFERENCED_PARAMETER(Driver);
    RETURN_NTSTATUS_IF_FAILED(WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device));
    return STATUS_SUCCESS;
}

VOID
AlsEvtDriverCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}
