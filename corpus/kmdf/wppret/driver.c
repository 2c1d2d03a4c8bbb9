/*
 * driver.c - the ambient-light sensor of ../bad/wppret, conforming: the
 * framework driver object is created first (RETURN_NTSTATUS_IF_FAILED
 * returns its failure when nothing else is set up yet), and tracing starts
 * after it, stopped by the driver object's cleanup callback, which the
 * framework also runs when a later step of DriverEntry fails.
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

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = AlsEvtDriverCleanup;
    WDF_DRIVER_CONFIG_INIT(&config, AlsEvtDeviceAdd);

    RETURN_NTSTATUS_IF_FAILED(WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config,
                                              WDF_NO_HANDLE));
    WPP_INIT_TRACING(DriverObject, RegistryPath);
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
