/*
 * rawcfg.c - KMDF driver for the I2C touch-key strip of the TK-8 control
 * panel. The driver configuration is filled by hand, field by field, the
 * way the original author had seen it done for another structure.
 *
 * BUG (WDF002): WDF_DRIVER_CONFIG is never passed through
 * WDF_DRIVER_CONFIG_INIT. Today the hand-written Size happens to match, but
 * any field added to the structure by a newer framework, and every field
 * not written here, depends on the RtlZeroMemory staying in place.
 */

#include <ntddk.h>
#include <wdf.h>

#define TKEY_TAG 'yeKT'

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD TKeyEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD TKeyEvtDriverUnload;

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    RtlZeroMemory(&config, sizeof(config));
    config.Size               = sizeof(WDF_DRIVER_CONFIG);
    config.EvtDriverDeviceAdd = TKeyEvtDeviceAdd;
    config.EvtDriverUnload    = TKeyEvtDriverUnload;
    config.DriverPoolTag      = TKEY_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath,   // expect: WDF002
                             WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,
                   "tkey: WdfDriverCreate failed 0x%08X\n", status));
    }
    return status;
}

NTSTATUS
TKeyEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;

    UNREFERENCED_PARAMETER(Driver);
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}

VOID
TKeyEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
}
