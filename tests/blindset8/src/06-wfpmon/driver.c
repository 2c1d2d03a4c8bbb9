/*
 * driver.c - wfpmon DriverEntry / Unload.
 *
 * Order matters for WFP: device object first (FwpsCalloutRegister needs
 * it), then the run-time callouts, then the management objects that
 * reference them by key.
 */
#include "wfpmon.h"

WFM_GLOBALS g_Wfm;

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD     WfmUnload;

NTSTATUS
DriverEntry(
    _In_ PDRIVER_OBJECT  DriverObject,
    _In_ PUNICODE_STRING RegistryPath
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    RtlZeroMemory(&g_Wfm, sizeof(g_Wfm));

    DriverObject->DriverUnload = WfmUnload;

    status = IoCreateDevice(DriverObject,
                            0,
                            NULL,
                            FILE_DEVICE_NETWORK,
                            FILE_DEVICE_SECURE_OPEN,
                            FALSE,
                            &g_Wfm.DeviceObject);
    if (!NT_SUCCESS(status)) {
        goto fail_device;
    }

    status = WfmRegisterCallouts(g_Wfm.DeviceObject, &g_Wfm.CalloutIdV4, &g_Wfm.CalloutIdV6);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpmon: callout registration failed 0x%08X\n", status);
        goto fail_callouts;
    }

    status = WfmOpenEngine(&g_Wfm.EngineHandle);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpmon: FwpmEngineOpen failed 0x%08X\n", status);
        goto fail_callouts;
    }

    status = WfmAddFilters(g_Wfm.EngineHandle);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpmon: adding filters failed 0x%08X\n", status);
        goto fail_filters;
    }

    return STATUS_SUCCESS;

fail_filters:
    FwpmEngineClose0(g_Wfm.EngineHandle);
    g_Wfm.EngineHandle = NULL;
fail_engine:
    WfmUnregisterCallouts();
fail_callouts:
    IoDeleteDevice(g_Wfm.DeviceObject);
    g_Wfm.DeviceObject = NULL;
fail_device:
    return status;
}

VOID
WfmUnload(
    _In_ PDRIVER_OBJECT DriverObject
    )
{
    NTSTATUS status;

    UNREFERENCED_PARAMETER(DriverObject);

    /* dynamic session: closing the engine removes filters and callouts
       from BFE; the run-time registration is ours to drop */
    if (g_Wfm.EngineHandle != NULL) {
        FwpmEngineClose0(g_Wfm.EngineHandle);
        g_Wfm.EngineHandle = NULL;
    }

    status = FwpsCalloutUnregisterById0(g_Wfm.CalloutIdV4);
    if (!NT_SUCCESS(status)) {
        DbgPrint("wfpmon: v4 callout unregister 0x%08X\n", status);
    }

    if (g_Wfm.DeviceObject != NULL) {
        IoDeleteDevice(g_Wfm.DeviceObject);
        g_Wfm.DeviceObject = NULL;
    }

    DbgPrint("wfpmon: unloaded after %I64d v4 / %I64d v6 connects\n",
             g_Wfm.ConnectsV4, g_Wfm.ConnectsV6);
}
