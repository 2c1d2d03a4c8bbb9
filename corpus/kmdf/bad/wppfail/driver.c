/*
 * driver.c (violating) - the humidity sensor of ../../wppfail, which starts
 * tracing first. RETURN_NTSTATUS_IF_FAILED (trace.h) returns only when its
 * expression fails, and those returns leave tracing on.
 *
 * BUG (DE006, one finding for both returns, at the last): when the service
 * key cannot be read, or WdfDriverCreate fails (the cleanup callback runs
 * only for a driver object that was created), DriverEntry returns without
 * WPP_CLEANUP.
 */

#include <ntddk.h>
#include <wdf.h>
#include "trace.h"
#include "driver.tmh"

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD HumEvtDeviceAdd;
EVT_WDF_OBJECT_CONTEXT_CLEANUP HumEvtDriverCleanup;

static ULONG HumSampleMs = 1000;

static NTSTATUS
HumReadParameters(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    OBJECT_ATTRIBUTES attributes;
    HANDLE key;
    UNICODE_STRING name = RTL_CONSTANT_STRING(L"SampleMs");
    UCHAR buffer[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + sizeof(ULONG)];
    PKEY_VALUE_PARTIAL_INFORMATION value = (PKEY_VALUE_PARTIAL_INFORMATION)buffer;
    ULONG length;
    NTSTATUS status;

    InitializeObjectAttributes(&attributes, RegistryPath, OBJ_KERNEL_HANDLE | OBJ_CASE_INSENSITIVE,
                               NULL, NULL);
    RETURN_NTSTATUS_IF_FAILED(ZwOpenKey(&key, KEY_READ, &attributes));
    status = ZwQueryValueKey(key, &name, KeyValuePartialInformation, value, sizeof(buffer), &length);
    if (NT_SUCCESS(status) && value->Type == REG_DWORD && value->DataLength == sizeof(ULONG)) {
        HumSampleMs = *(PULONG)value->Data;
    }
    ZwClose(key);
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDF_OBJECT_ATTRIBUTES attributes;

    WPP_INIT_TRACING(DriverObject, RegistryPath);
    RETURN_NTSTATUS_IF_FAILED(HumReadParameters(RegistryPath));

    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);
    attributes.EvtCleanupCallback = HumEvtDriverCleanup;
    WDF_DRIVER_CONFIG_INIT(&config, HumEvtDeviceAdd);
    RETURN_NTSTATUS_IF_FAILED(WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config,  // expect: DE006
                                              WDF_NO_HANDLE));
    return STATUS_SUCCESS;
}

NTSTATUS
HumEvtDeviceAdd(
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
HumEvtDriverCleanup(
    _In_ WDFOBJECT DriverObject
    )
{
    WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));
}
