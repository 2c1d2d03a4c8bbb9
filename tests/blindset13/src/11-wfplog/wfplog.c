/*
 * wfplog.c - driver entry and unload. The session is dynamic, so everything
 * added with Fwpm* disappears when the engine handle is closed.
 */
#include "wfplog.h"

DRIVER_INITIALIZE DriverEntry;
DRIVER_UNLOAD WlUnload;

PDEVICE_OBJECT g_WfpDevice;
HANDLE g_Engine;

VOID WlUnload(PDRIVER_OBJECT DriverObject)
{
    UNREFERENCED_PARAMETER(DriverObject);

    if (g_Engine != NULL) {
        FwpmEngineClose0(g_Engine);
        g_Engine = NULL;
    }
    FwpsCalloutUnregisterById(g_CalloutIdV4);
    IoDeleteDevice(g_WfpDevice);
    WL_PRINT("unloaded%s", "");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
{
    FWPM_SESSION0 session;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(RegistryPath);

    /* callouts need a device object to hang off, even an unnamed one */
    status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN,
                            FILE_DEVICE_SECURE_OPEN, FALSE, &g_WfpDevice);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    RtlZeroMemory(&session, sizeof(session));
    session.flags = FWPM_SESSION_FLAG_DYNAMIC;
    status = FwpmEngineOpen0(NULL, RPC_C_AUTHN_WINNT, NULL, &session, &g_Engine);
    if (!NT_SUCCESS(status)) {
        WL_PRINT("FwpmEngineOpen0 0x%08X", status);
        goto err_device;
    }

    status = WlRegisterCallouts(g_WfpDevice);
    if (!NT_SUCCESS(status)) {
        goto err_engine;
    }

    status = WlAddFilters(g_Engine);
    if (!NT_SUCCESS(status)) {
        goto err_engine;
    }

    DriverObject->DriverUnload = WlUnload;
    WL_PRINT("loaded%s", "");
    return STATUS_SUCCESS;

err_engine:
    FwpmEngineClose0(g_Engine);
    g_Engine = NULL;
err_device:
    IoDeleteDevice(g_WfpDevice);
    g_WfpDevice = NULL;
    return status;
}
