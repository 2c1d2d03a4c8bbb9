/*
 * safeboot.c - KMDF driver for the USB fan controller of the FC-2 NAS
 * enclosure. Sites that manage the fans from the BMC set the service's
 * "Disabled" value to 1 and expect the driver to stay out of the way.
 *
 * BUG (WDF001): "stay out of the way" was implemented as an early return of
 * STATUS_SUCCESS before WdfDriverCreate. The driver then loads without a
 * framework driver object, and the first AddDevice for the fan controller
 * runs against a framework that was never initialized for it.
 */

#include <ntddk.h>
#include <wdf.h>

#define FANUSB_TAG 'UnaF'

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD FanUsbEvtDeviceAdd;

static BOOLEAN
FanUsbDisabledByPolicy(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG disabled = 0;
    ULONG defaultValue = 0;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags         = RTL_QUERY_REGISTRY_DIRECT;
    table[0].Name          = L"Disabled";
    table[0].EntryContext  = &disabled;
    table[0].DefaultType   = REG_DWORD;
    table[0].DefaultData   = &defaultValue;
    table[0].DefaultLength = sizeof(ULONG);

    if (!NT_SUCCESS(RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE | RTL_REGISTRY_OPTIONAL,
                                           RegistryPath->Buffer, table, NULL, NULL))) {
        return FALSE;
    }
    return disabled != 0;
}

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    if (FanUsbDisabledByPolicy(RegistryPath)) {
        KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "fanusb: disabled by policy\n"));
        return STATUS_SUCCESS;                          // expect: WDF001
    }

    WDF_DRIVER_CONFIG_INIT(&config, FanUsbEvtDeviceAdd);
    config.DriverPoolTag = FANUSB_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    return STATUS_SUCCESS;
}

NTSTATUS
FanUsbEvtDeviceAdd(
    _In_ WDFDRIVER Driver,
    _Inout_ PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;

    UNREFERENCED_PARAMETER(Driver);

    /* USB target setup happens in EvtDevicePrepareHardware (not shown). */
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}
