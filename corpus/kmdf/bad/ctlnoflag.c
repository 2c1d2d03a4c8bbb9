/*
 * ctlnoflag.c - KMDF software driver that exposes \\.\PerfCtr so that the
 * profiler can program the core's performance counters. It has no hardware:
 * DriverEntry creates a control device and nothing is ever enumerated.
 *
 * BUG (WDF007): EvtDriverDeviceAdd is NULL but WdfDriverInitNonPnpDriver is
 * not set. The framework treats the driver as a PnP driver: EvtDriverUnload
 * is never called and "sc stop" cannot unload it.
 */

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

#define PERFCTR_TAG 'rtCP'

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD PerfCtrEvtDriverUnload;

static WDFDEVICE PerfCtrControlDevice;

static NTSTATUS
PerfCtrCreateControlDevice(
    _In_ WDFDRIVER Driver
    )
{
    DECLARE_CONST_UNICODE_STRING(deviceName, L"\\Device\\PerfCtr");
    DECLARE_CONST_UNICODE_STRING(linkName, L"\\DosDevices\\PerfCtr");
    PWDFDEVICE_INIT deviceInit;
    WDFDEVICE device;
    NTSTATUS status;

    deviceInit = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (deviceInit == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }

    status = WdfDeviceInitAssignName(deviceInit, &deviceName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(deviceInit);
        return status;
    }

    status = WdfDeviceCreate(&deviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(deviceInit);
        return status;
    }

    status = WdfDeviceCreateSymbolicLink(device, &linkName);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return status;
    }

    WdfControlFinishInitializing(device);
    PerfCtrControlDevice = device;
    return STATUS_SUCCESS;
}

NTSTATUS
DriverEntry(                                            // expect-entry: kmdf
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.EvtDriverUnload = PerfCtrEvtDriverUnload;
    config.DriverPoolTag = PERFCTR_TAG;

    status = WdfDriverCreate(DriverObject, RegistryPath,    // expect: WDF007
                             WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    status = PerfCtrCreateControlDevice(driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    return STATUS_SUCCESS;
}

VOID
PerfCtrEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    UNREFERENCED_PARAMETER(Driver);

    if (PerfCtrControlDevice != NULL) {
        WdfObjectDelete(PerfCtrControlDevice);
        PerfCtrControlDevice = NULL;
    }
}
