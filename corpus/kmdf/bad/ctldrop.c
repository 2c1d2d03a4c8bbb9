/*
 * ctldrop.c (violating) - the twin of ../ctldrop.c whose helper, when the
 * link cannot be made, keeps the device without its link and forgets to
 * finish it: the driver loads with a control device the system sends no
 * request to.
 * Expected: WDF009.
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
        CdDiagDevice = device;
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
    return STATUS_SUCCESS;                              // expect: WDF009
}

VOID
CdEvtDriverUnload(_In_ WDFDRIVER Driver)
{
    UNREFERENCED_PARAMETER(Driver);
    if (CdDiagDevice != NULL) {
        WdfObjectDelete(CdDiagDevice);
    }
}
