/*
 * unloadlost.c - KMDF driver for the LPC-attached LCD backlight of the
 * PX-12 panel PC. On unload the backlight must be restored to 100 % or the
 * next driver version starts with a dark screen.
 *
 * BUG (WDF003): EvtDriverUnload is stored before WDF_DRIVER_CONFIG_INIT,
 * which zeroes the structure, so the unload callback is silently dropped
 * and the backlight is left at whatever level it had.
 */

#include <ntddk.h>
#include <wdf.h>

#define BKL_TAG  'lkBP'
#define BKL_PORT ((PUCHAR)(ULONG_PTR)0x2F8)

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD BklEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD BklEvtDriverUnload;

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    config.EvtDriverUnload = BklEvtDriverUnload;         // expect: WDF003
    WDF_DRIVER_CONFIG_INIT(&config, BklEvtDeviceAdd);
    config.DriverPoolTag = BKL_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
BklEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;

    UNREFERENCED_PARAMETER(Driver);
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}

VOID
BklEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    WRITE_PORT_UCHAR(BKL_PORT, 0xFF);       /* full brightness */
}
