#include "wfpmon.h"

DRIVER_INITIALIZE DriverEntry;
EVT_WDF_DRIVER_UNLOAD WmEvtDriverUnload;

WM_STATE g_Wm;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;
    WDF_DRIVER_CONFIG config;
    WDFDRIVER driver;
    PWDFDEVICE_INIT init = NULL;
    DECLARE_CONST_UNICODE_STRING(deviceName, WM_DEVICE_NAME);

    RtlZeroMemory(&g_Wm, sizeof(g_Wm));

    WDF_DRIVER_CONFIG_INIT(&config, WDF_NO_EVENT_CALLBACK);
    config.DriverInitFlags |= WdfDriverInitNonPnpDriver;
    config.EvtDriverUnload = WmEvtDriverUnload;

    status = WdfDriverCreate(DriverObject, RegistryPath, WDF_NO_OBJECT_ATTRIBUTES,
                             &config, &driver);
    if (!NT_SUCCESS(status)) {
        WM_LOG("WdfDriverCreate 0x%08X", status);
        return status;
    }

    __try {
        //
        // WFP needs a device object to own the callouts; a control device
        // with no symbolic link is enough.
        //
        init = WdfControlDeviceInitAllocate(driver, &SDDL_DEVOBJ_KERNEL_ONLY);
        if (init == NULL) {
            status = STATUS_INSUFFICIENT_RESOURCES;
            __leave;
        }

        WdfDeviceInitSetCharacteristics(init, FILE_DEVICE_SECURE_OPEN, FALSE);

        status = WdfDeviceInitAssignName(init, &deviceName);
        if (!NT_SUCCESS(status)) {
            WM_LOG("WdfDeviceInitAssignName 0x%08X", status);
            __leave;
        }

        status = WdfDeviceCreate(&init, WDF_NO_OBJECT_ATTRIBUTES, &g_Wm.Device);
        if (!NT_SUCCESS(status)) {
            WM_LOG("WdfDeviceCreate 0x%08X", status);
            __leave;
        }

        WdfControlFinishInitializing(g_Wm.Device);

        status = WmRegisterCallouts(WdfDeviceWdmGetDeviceObject(g_Wm.Device));
        if (!NT_SUCCESS(status)) {
            WM_LOG("WmRegisterCallouts 0x%08X", status);
            __leave;
        }

        status = WmAddFilters();
        if (!NT_SUCCESS(status)) {
            WM_LOG("WmAddFilters 0x%08X", status);
            __leave;
        }

        WM_LOG("monitoring ALE_AUTH_CONNECT_V4, callout %u filter %llu",
               g_Wm.FwpsCalloutId, g_Wm.FilterId);
    }
    __finally {
        if (!NT_SUCCESS(status)) {
            status = WmTeardown();
        }
    }

    return status;
}

VOID
WmEvtDriverUnload(
    _In_ WDFDRIVER Driver
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Driver);

    status = WmTeardown();
    WM_LOG("unloaded (teardown 0x%08X)", status);
}
