/*
 * ctldrop.c (conforming) - a non-PnP KMDF driver whose diagnostics control
 * device is optional: the helper that creates it gives it up, deleting the
 * device, when its symbolic link cannot be made, and DriverEntry loads
 * without it. The device it keeps is finished with
 * WdfControlFinishInitializing.
 * Expected: nothing.
 */

#include <ntddk.h>
#include <wdf.h>
#include <wdmsec.h>

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD CdEvtDriverUnload;

DECLARE_CONST_UNICODE_STRING(CdDeviceName, L"\\Device\\CoilDiag");
DECLARE_CONST_UNICODE_STRING(CdLinkName, L"\\DosDevices\\CoilDiag");

static WDFDEVICE CdDiagDevice;

static BOOLEAN
CdCreateDiagDevice(_In_ WDFDRIVER Driver)
{
    PWDFDEVICE_INIT init;
    WDFDEVICE device;
    NTSTATUS status;

    init = WdfControlDeviceInitAllocate(Driver, &SDDL_DEVOBJ_SYS_ALL_ADM_ALL);
    if (init == NULL) {
        return FALSE;
    }
    status = WdfDeviceInitAssignName(init, &CdDeviceName);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return FALSE;
    }
    status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &device);
    if (!NT_SUCCESS(status)) {
        WdfDeviceInitFree(init);
        return FALSE;
    }
    status = WdfDeviceCreateSymbolicLink(device, &CdLinkName);
    if (!NT_SUCCESS(status)) {
        WdfObjectDelete(device);
        return FALSE;
    }
    WdfControlFinishInitializing(device);
    CdDiagDevice = device;
    return TRUE;
}

NTSTATUS
DriverEntry(_In_ PDRIVER_OBJECT DriverObject, _In_ PUNICODE_STRING RegistryPath)   // expect-entry: kmdf
{
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    NTSTATUS status;

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = CdEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES, &config, &driver);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    if (!CdCreateDiagDevice(driver)) {
        DbgPrint("coildiag: no diagnostics device\n");
    }
    return STATUS_SUCCESS;
}

VOID
CdEvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    if (CdDiagDevice != NULL) {
        WdfObjectDelete(CdDiagDevice);
    }
}
