/*
 * driver.c - DriverEntry of camflash.
 *
 * BUG (DE006): the settings check was added in 1.3 with the house macro
 * CF_RETURN_IF_FAILED, after WPP_INIT_TRACING and before WdfDriverCreate.
 * Its hidden return leaves without WPP_CLEANUP; the cleanup callback that
 * normally stops tracing does not exist yet at that point.
 */

#include "camflash.h"
#include "driver.tmh"

CAMFLASH_SETTINGS CfSettings;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    PDRIVER_OBJECT  DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;
    NTSTATUS status;

    WPP_INIT_TRACING(DriverObject, RegistryPath);
    TraceEvents(TRACE_LEVEL_INFORMATION, TRACE_DRIVER, "%!FUNC! Entry");

    status = CfLoadSettings(RegistryPath, &CfSettings);
    CF_RETURN_IF_FAILED(status);                        // expect: DE006

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = CfEvtDriverCleanup;

    WDF_DRIVER_CONFIG_INIT(&config, CfEvtDeviceAdd);
    config.DriverPoolTag = CAMFLASH_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        TraceEvents(TRACE_LEVEL_ERROR, TRACE_DRIVER, "WdfDriverCreate failed %!STATUS!", status);
        WPP_CLEANUP(DriverObject);
        return status;
    }

    return STATUS_SUCCESS;
}

_Use_decl_annotations_
VOID
CfEvtDriverCleanup(
    WDFOBJECT DriverObject
    )
{
    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}

_Use_decl_annotations_
NTSTATUS
CfEvtDeviceAdd(
    WDFDRIVER Driver,
    PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;

    UNREFERENCED_PARAMETER(Driver);
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}
