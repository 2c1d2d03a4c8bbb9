/*
 * benchmode.c - KMDF driver of a thermal sensor board. Installed by its INF,
 * it is a PnP function driver with EvtDriverDeviceAdd. On the bench, where
 * the board sits on a riser that nothing enumerates, the service key's
 * BenchMode value makes it a non-PnP driver instead: no device-add
 * callback, WdfDriverInitNonPnpDriver and an EvtDriverUnload, so that
 * "sc stop" can unload it between runs.
 */

#include <ntddk.h>
#include <wdf.h>

#define THSENS_TAG 'sneT'

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_DEVICE_ADD ThSensEvtDeviceAdd;
EVT_WDF_DRIVER_UNLOAD ThSensEvtDriverUnload;

static ULONG ThSensBenchMode;

#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#pragma alloc_text(PAGE, ThSensEvtDeviceAdd)
#pragma alloc_text(PAGE, ThSensEvtDriverUnload)
#endif

static VOID
ThSensReadBenchMode(
    _In_ PUNICODE_STRING RegistryPath
    )
{
    RTL_QUERY_REGISTRY_TABLE table[2];
    ULONG zero = 0;

    RtlZeroMemory(table, sizeof(table));
    table[0].Flags = RTL_QUERY_REGISTRY_DIRECT | RTL_QUERY_REGISTRY_TYPECHECK;
    table[0].Name = L"BenchMode";
    table[0].EntryContext = &ThSensBenchMode;
    table[0].DefaultType = (REG_DWORD << RTL_QUERY_REGISTRY_TYPECHECK_SHIFT) | REG_DWORD;
    table[0].DefaultData = &zero;
    table[0].DefaultLength = sizeof(ULONG);

    /* A missing or malformed value leaves the default: an installed board. */
    (VOID)RtlQueryRegistryValues(RTL_REGISTRY_ABSOLUTE, RegistryPath->Buffer, table, NULL, NULL);
}

_Use_decl_annotations_
NTSTATUS
ThSensEvtDeviceAdd(
    WDFDRIVER Driver,
    PWDFDEVICE_INIT DeviceInit
    )
{
    WDFDEVICE device;

    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();
    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
}

_Use_decl_annotations_
VOID
ThSensEvtDriverUnload(
    WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);
    PAGED_CODE();
}

_Use_decl_annotations_
NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    PDRIVER_OBJECT DriverObject,
    PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    NTSTATUS status;

    ThSensReadBenchMode(RegistryPath);

    WDF_DRIVER_CONFIG_INIT(&config, ThSensEvtDeviceAdd);
    config.DriverPoolTag = THSENS_TAG;
    if (ThSensBenchMode != 0) {
        /* Nothing enumerates the riser: a non-PnP driver has no device-add callback. */
        config.EvtDriverDeviceAdd = WDF_NO_EVENT_CALLBACK;
        config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
        config.EvtDriverUnload = ThSensEvtDriverUnload;
    }

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, WDF_NO_HANDLE);
    if (!NT_SUCCESS(status)) {
        KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "thsens: WdfDriverCreate failed 0x%x\n", status));
    }
    return status;
}
